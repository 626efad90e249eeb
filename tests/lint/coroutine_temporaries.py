"""Rejects the two co_await forms GCC 12 miscompiles (see include/cofetch/coro/task.hpp):
a lambda with captures written inside a co_await expression, and co_await inside
a conditional operator. Both destroy a temporary twice; the sanitizer build only
notices when that temporary owns memory, so this check fails the run wherever
either form appears."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
# co_await, then (within the same statement) a lambda introducer with something inside [].
LAMBDA_IN_AWAIT = re.compile(r"co_await[^;]*?\[[^\]\[]+\]\s*(\(|\{|mutable|->)", re.S)
# A conditional operator with co_await in one of its branches.
AWAIT_IN_CONDITIONAL = re.compile(r"\?[^;{}?]*co_await", re.S)
PATTERNS = [(LAMBDA_IN_AWAIT, "lambda with captures inside co_await (name it first)"),
            (AWAIT_IN_CONDITIONAL, "co_await inside ?: (use if/else)")]


COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def without_comments(text):
    # Blank comments out but keep the line breaks, so line numbers stay right.
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def offending(path):
    text = without_comments(path.read_text())
    for pattern, problem in PATTERNS:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(ROOT)}:{line}: {problem}"


def main():
    files = [p for folder in ("src", "include", "tests") for p in (ROOT / folder).rglob("*") if p.suffix in (".cpp", ".hpp")]
    problems = [problem for path in sorted(files) for problem in offending(path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
