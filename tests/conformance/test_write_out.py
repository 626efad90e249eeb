"""Every -w variable cofetch documents with curl's meaning, against curl's value for
the same request: exact for strings and counts, times within a tolerance (two runs
never take the same time)."""

import functools
import subprocess

import pytest

from oracle import (CURL, TIME_VARIABLES, WRITE_OUT_VARIABLES, cofetch, curl, curl_write_out, write_out_rows,
                    write_out_template)

# Time variables: the same request, run twice, lands within this much (seconds).
TOLERANCE = 0.15


def requests(server, closed_port):
    return {
        "200": (server.url("/bytes/321"), []),
        "delay 300 ms": (server.url("/delay/300"), []),
        "404": (server.url("/status/404"), []),
        "redirect not followed": (server.url("/moved/307?to=/echo/w"), []),
        "redirects followed": (server.url("/redirect/3"), ["-L"]),
        "POST redirected by 303": (server.url("/moved/303?to=/echo/p"), ["-L", "-d", "x=1"]),
        "HEAD": (server.url("/echo/head"), ["-I"]),
        "PUT": (server.url("/echo/put"), ["-X", "PUT", "-d", "body"]),
        "refused": (f"http://127.0.0.1:{closed_port}/x", []),
        "unresolvable": ("http://w.invalid/", []),
        "truncated": (server.url("/truncated"), []),
        "query and credentials-free URL": (server.url("/echo/q?a=1&b=two"), []),
    }


NAMES = ["200", "delay 300 ms", "404", "redirect not followed", "redirects followed", "POST redirected by 303",
         "HEAD", "PUT", "refused", "unresolvable", "truncated", "query and credentials-free URL"]


@functools.lru_cache(maxsize=None)
def both(url, args):
    run = cofetch("-w", write_out_template(WRITE_OUT_VARIABLES), *args, url)
    (ours,) = write_out_rows(run, WRITE_OUT_VARIABLES)
    return ours, curl(url, *args)


@pytest.mark.parametrize("variable", WRITE_OUT_VARIABLES)
@pytest.mark.parametrize("name", NAMES)
def test_variable_matches_curl(name, variable, server, closed_port):
    url, args = requests(server, closed_port)[name]
    ours, theirs = both(url, tuple(args))
    expected = curl_write_out(theirs, variable)
    if variable in TIME_VARIABLES:
        assert abs(float(ours[variable]) - float(expected)) <= TOLERANCE
        assert (float(ours[variable]) == 0) == (float(expected) == 0), "reached by one and not the other"
    elif variable == "errormsg" and name == "refused":
        # cofetch names the system's reason of a refused connect: curl's message, then more.
        assert ours[variable] == expected + " (Connection refused)"
    else:
        assert ours[variable] == expected


@pytest.mark.parametrize("template", ["a\\tb\\rc\\nd", "\\\\ and \\q", "\\%{http_code} %% %{http_code}\\",
                                      "trailing \\"])
def test_escapes_print_what_curls_do(template, server):
    url = server.url("/")
    ours = cofetch("-w", template, url).stdout
    theirs = subprocess.run([CURL, "-s", "-o", "/dev/null", "-w", template, url], capture_output=True,
                            text=True, timeout=30).stdout
    assert ours == theirs


def test_unknown_variable_is_a_usage_error_listing_the_known_ones(server):
    run = cofetch("-w", "%{nonsense}", server.url("/"))
    assert run.status == 2
    for variable in WRITE_OUT_VARIABLES:
        assert variable in run.stderr
