"""scripts/test.sh's last line: how many tests passed, failed and skipped over
every pass, and why each skip was one.

Each pass gives a folder and a JUnit file: the counts each pytest run of the
pass wrote into the folder (COFETCH_TEST_COUNTS, tests/integration/outcomes.py)
and ctest's --output-junit. A pytest file is one ctest test holding many cases:
its cases are counted, not the file; the other ctest tests (unit, fuzz corpus,
lint) count one each, and a pytest file that failed without counting (a crash, a
timeout) counts as one failure.

Usage: test_counts.py FOLDER:JUNIT.xml [FOLDER:JUNIT.xml...]"""

import collections
import json
import pathlib
import sys
import xml.etree.ElementTree as ElementTree


def main(*passes):
    passed = failed = skipped = 0
    reasons = collections.Counter()
    for one_pass in passes:
        folder, junit = (pathlib.Path(part) for part in one_pass.split(":", 1))
        counted = set()
        for path in folder.glob("*.json"):
            counts = json.loads(path.read_text())
            passed += counts["passed"]
            failed += counts["failed"]
            skipped += counts["skipped"]
            reasons.update(counts["reasons"])
            counted.add(path.stem.rsplit("-", 1)[0])
        if not junit.exists():
            continue
        for case in ElementTree.parse(junit).getroot().iter("testcase"):
            name = case.get("name", "")
            label, _, file = name.partition(": ")
            pytest_file = label in ("integration", "conformance")
            if case.get("status") == "fail" or case.find("failure") is not None:
                if not pytest_file or file not in counted:
                    failed += 1
            elif case.get("status") in ("notrun", "disabled") or case.find("skipped") is not None:
                if not pytest_file:
                    skipped += 1
                    reasons[f"{name}: not run"] += 1
            elif not pytest_file:
                passed += 1
    line = f"{passed:,} passed, {failed:,} failed, {skipped:,} skipped"
    if reasons:
        line += " (" + "; ".join(f"{reason.strip()}: {n}" for reason, n in reasons.most_common()) + ")"
    print(line)


if __name__ == "__main__":
    main(*sys.argv[1:])
