"""How a test file's run ends, as ctest and scripts/test.sh read it (a pytest
plugin both suites load through `pytest_plugins`).

- A test that cannot run because a tool is missing fails, naming what to install
  (`@pytest.mark.needs("tmux")`, or `require` inside a test): a missing tool is
  the set-up's defect, never a pass.
- A skip stays a skip only where the machine cannot do it by nature (no
  privilege to mount, not root); a file whose tests all skip exits with
  SKIPPED_EXIT, which ctest shows as skipped (SKIP_RETURN_CODE), not passed.
- Tests marked `release_only` measure or package the Release build: the
  sanitizer build leaves them out (deselected, not skipped; a file of only such
  tests ends with 0 there, not pytest's "no tests ran"); the Release pass runs
  them.
- With COFETCH_TEST_COUNTS naming a folder, each run writes its counts there
  (passed, failed, skipped and why) for scripts/test.sh's last line."""

import json
import os
import pathlib
import shutil

import pytest

SKIPPED_EXIT = 77
SANITIZED = os.environ.get("COFETCH_SANITIZED") == "1"


def require(program, package=None):
    """Fails the calling test unless `program` is on PATH."""
    if shutil.which(program) is None:
        pytest.fail(f"{program} is missing: install {package or program} (scripts/setup.sh --tests does)",
                    pytrace=False)


def pytest_configure(config):
    config.addinivalue_line("markers", "release_only: measured or packaged on the Release build only")
    config.addinivalue_line("markers", "needs(program, package): fails the test unless program is on PATH")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs"):
        require(*mark.args)


def pytest_collection_modifyitems(config, items):
    if not SANITIZED:
        return
    left_out = [item for item in items if item.get_closest_marker("release_only")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("release_only")]


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    stats = reporter.stats if reporter else {}
    passed = len(stats.get("passed", []))
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    skips = stats.get("skipped", [])
    reasons = [report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
               for report in skips]
    if exitstatus == 0 and passed == 0 and skips:
        session.exitstatus = SKIPPED_EXIT
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and SANITIZED and stats.get("deselected"):
        session.exitstatus = pytest.ExitCode.OK
    folder = os.environ.get("COFETCH_TEST_COUNTS")
    if folder:
        name = "-".join(pathlib.Path(arg).stem for arg in session.config.args) or "pytest"
        out = pathlib.Path(folder) / f"{name}-{os.getpid()}.json"
        out.write_text(json.dumps({"passed": passed, "failed": failed, "skipped": len(skips),
                                   "reasons": reasons}))
