"""The README's "Try it by hand" commands, run as printed against a test server of
their own (its port in place of 8080): each succeeds, and every output line shown
has a line in the real output with the same words (numbers, which differ from run
to run, aside)."""

import os
import re
import shlex
import subprocess

from conftest import COFETCH, ROOT, TEST_SERVER, check_sanitizers

MARKER = "<!-- by-hand:"


def by_hand_session():
    """[(command, [expected output lines])] of the README's by-hand block."""
    text = (ROOT / "README.md").read_text()
    block = text[text.index(MARKER):]
    block = block[block.index("```") + 3:]
    block = block[block.index("\n") + 1:block.index("```")]
    session = []
    for line in block.splitlines():
        if line.startswith("$ "):
            session.append((line[2:], []))
        elif line.strip() and line.strip() != "...":
            session[-1][1].append(line)
    return session


def words(line):
    """The words of a line without numbers: what must not change between runs."""
    return [word for word in line.split() if not re.search(r"[0-9]", word)]


def test_the_by_hand_block_is_there():
    commands = [command for command, _ in by_hand_session()]
    assert any("cofetch-test-server --port 8080" in command for command in commands)
    assert sum("./build/cofetch " in command for command in commands) >= 4


def test_each_command_runs_as_printed(server, tmp_path):
    binaries = {"./build/cofetch-test-server": TEST_SERVER, "./build/cofetch": COFETCH}
    for command, expected in by_hand_session():
        if "--port 8080 &" in command or command.startswith("kill "):
            continue  # the server: the fixture's runs in its place
        shell = command.replace("127.0.0.1:8080", f"127.0.0.1:{server.port}")
        for shown, real in binaries.items():
            shell = shell.replace(shown, shlex.quote(str(real)))
        done = subprocess.run(["bash", "-c", shell], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60, env=dict(os.environ, COLUMNS="100"))
        check_sanitizers(done.stderr)
        # A line that is not a URL makes cofetch exit 1, as documented.
        assert done.returncode == (1 if "not a url" in command else 0), (command, done.stderr)
        output = done.stdout + done.stderr
        actual = [words(line) for line in output.splitlines()]
        for line in expected:
            assert words(line) in actual, f"{command}\nmissing: {line}\ngot:\n{output}"
