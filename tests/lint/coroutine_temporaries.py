"""Rejects a lambda with captures written inside a co_await expression.

GCC 12 destroys such a closure twice (see the note in src/coro/task.hpp); the
sanitizer build only notices when the captures own memory, so this check makes
the pattern fail the test run wherever it appears."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
# co_await, then (within the same statement) a lambda introducer with something inside [].
PATTERN = re.compile(r"co_await[^;]*?\[[^\]\[]+\]\s*(\(|\{|mutable|->)", re.S)


COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def without_comments(text):
    # Blank comments out but keep the line breaks, so line numbers stay right.
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def offending(path):
    text = without_comments(path.read_text())
    for match in PATTERN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield f"{path.relative_to(ROOT)}:{line}: lambda with captures inside co_await (name it first)"


def main():
    files = [p for folder in ("src", "tests") for p in (ROOT / folder).rglob("*") if p.suffix in (".cpp", ".hpp")]
    problems = [problem for path in sorted(files) for problem in offending(path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
