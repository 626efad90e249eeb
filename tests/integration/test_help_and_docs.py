"""--help, --version, the man page and the shell completions: one set of option
definitions, four views of it that must agree."""

import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import BUILD_DIR, cofetch

DOCS = BUILD_DIR / "docs"
GROUPS = ["Input", "Concurrency", "Requests", "Access", "Network", "Output", "Reliability", "General"]


def help_options(text):
    """Every option spelling --help lists."""
    return set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w.-]*)", "\n".join(
        line.split("  ")[1] for line in text.splitlines() if line.startswith("  -"))))


def test_help_groups_options_by_purpose_in_order_with_examples():
    text = cofetch("--help").stdout
    headings = [line[:-1] for line in text.splitlines() if re.fullmatch(r"[A-Z][a-z ]+:", line)]
    assert headings[:len(GROUPS) + 1] == ["Positionals"] + GROUPS
    for option, group in [("--concurrency", "Concurrency"), ("--header", "Requests"), ("--json", "Output"),
                          ("--retry", "Reliability"), ("--input", "Input"), ("--config", "General")]:
        section = text.split(f"\n{group}:\n")[1].split("\n\n")[0]
        assert option in section, (option, group)
    assert "Examples:" in text and "cofetch --compare -i urls.txt" in text
    assert all(len(line) <= 80 for line in text.splitlines() if not line.startswith("    cofetch")), \
        "wrapped to 80 columns"


def test_version_names_libcurl_libuv_and_the_tls_library_in_use():
    lines = cofetch("--version").stdout.splitlines()
    assert lines[0] == "cofetch 0.1.0"
    curl = subprocess.run(["curl-config", "--version"], capture_output=True, text=True).stdout.split()[-1]
    libuv = subprocess.run(["pkg-config", "--modversion", "libuv"], capture_output=True, text=True).stdout.strip()
    assert lines[1].startswith(f"libcurl {curl} (")
    assert lines[2] == f"libuv {libuv}"
    assert re.fullmatch(r"TLS OpenSSL/\d+\.\d+\.\d+\S*", lines[3]), lines[3]
    assert lines[3][4:] in lines[1], "the TLS library libcurl reports"


def test_the_man_page_documents_every_option_of_help_and_renders_cleanly():
    page = (DOCS / "cofetch.1").read_text()
    unescaped = page.replace("\\-", "-")
    for option in help_options(cofetch("--help").stdout) | help_options(cofetch("summarize", "--help").stdout):
        assert f"\\fB{option}\\fR" in unescaped, option
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "CONFIGURATION FILE", "EXIT STATUS",
                    "EXAMPLES", "ENVIRONMENT", "FILES"]:
        assert f"\n.SH {section}\n" in page, section
    check = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", DOCS / "cofetch.1"], capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    rendered = subprocess.run(["man", "-l", DOCS / "cofetch.1"], capture_output=True, text=True,
                              env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
    assert "cofetch - fetch many URLs concurrently" in rendered.stdout
    assert "--per-host N" in rendered.stdout


def bash_complete(*words, cwd=None):
    script = f"""
        compopt() {{ :; }}   # only meaningful inside a real completion
        source {DOCS / 'cofetch.bash'}
        COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}
        _cofetch; printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=cwd)
    assert done.stderr == ""
    return done.stdout.split()


def test_bash_completes_options_values_files_and_the_subcommand(tmp_path):
    assert bash_complete("cofetch", "--form") == ["--format"]
    assert bash_complete("cofetch", "--format", "") == ["text", "jsonl", "csv"]
    assert bash_complete("cofetch", "--order", "i") == ["input"]
    assert bash_complete("cofetch", "su") == ["summarize"]
    assert bash_complete("cofetch", "summarize", "--su") == ["--summary"]
    assert bash_complete("cofetch", "summarize", "--summary", "") == ["text", "json"]
    (tmp_path / "a-dir").mkdir()
    (tmp_path / "a-file").write_text("")
    assert bash_complete("cofetch", "-O", "a-", cwd=tmp_path) == ["a-dir"]
    assert sorted(bash_complete("cofetch", "-i", "a-", cwd=tmp_path)) == ["a-dir", "a-file"]
    assert bash_complete("cofetch", "-j", "") == [], "a number is the user's to type"
    every = bash_complete("cofetch", "-")
    assert help_options(cofetch("--help").stdout) <= set(every)


@pytest.mark.needs("fish")
def test_fish_completes_options_with_descriptions_and_values():
    def complete(line):
        done = subprocess.run(["fish", "--no-config", "-c", f"source {DOCS / 'cofetch.fish'}; complete -C '{line}'"],
                              capture_output=True, text=True)
        assert done.stderr == ""
        return [entry.split("\t") for entry in done.stdout.splitlines()]

    assert complete("cofetch --form") == [["--format", "Results on stdout"]]
    assert [value for value, *_ in complete("cofetch --progress ")] == ["always", "auto", "never"]
    assert ["summarize", "Print the summary of results already written"] in complete("cofetch su")
    assert [value for value, *_ in complete("cofetch summarize --su")] == ["--summary"]


@pytest.mark.needs("zsh")
@pytest.mark.needs("tmux")
def test_zsh_completes_in_a_real_terminal(tmp_path):
    functions = tmp_path / "functions"
    functions.mkdir()
    shutil.copy(DOCS / "_cofetch", functions / "_cofetch")
    session = f"cofetch-zsh-{os.getpid()}"
    shell = f"env -i HOME={tmp_path} TERM=xterm PATH=/usr/bin:/bin zsh -f"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "20", shell], check=True)
    try:
        def keys(*sequence):
            subprocess.run(["tmux", "send-keys", "-t", session, *sequence], check=True)

        def screen_shows(pattern, seconds=10):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True,
                                        text=True).stdout
                if re.search(pattern, screen, re.MULTILINE):
                    return True
                time.sleep(0.1)
            return False

        keys(f"fpath=({functions} $fpath); autoload -U compinit; compinit -u -D; PS1='ready> '", "Enter")
        assert screen_shows(r"^ready>\s*$")
        keys("cofetch --form", "Tab")
        assert screen_shows(r"^ready> cofetch --format=\s*$")
        keys("Tab")
        assert screen_shows(r"csv\s+jsonl\s+text")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session])
