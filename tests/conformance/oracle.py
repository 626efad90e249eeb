"""The two sides of every comparison: Debian's curl binary and cofetch, run on the
same requests, and the helpers that put their answers side by side."""

import hashlib
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("integration_harness", HERE.parent / "integration" / "conftest.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

CURL = shutil.which("curl", path="/usr/bin:/bin") or "curl"
USER_AGENT = "conformance/1.0"  # both clients send it, so what servers saw can be compared


def curl(url, *args, timeout=60):
    """Debian's curl on one URL: its %{json} write-out as a dict, plus "exit" (its exit
    status) and "body" (the bytes it saved)."""
    with tempfile.TemporaryDirectory() as folder:
        body = pathlib.Path(folder) / "body"
        done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "-o", str(body), "-w", "%{json}", *map(str, args), url],
                              capture_output=True, timeout=timeout)
        info = json.loads(done.stdout)
        info["exit"] = done.returncode
        info["body"] = body.read_bytes() if body.exists() else b""
    return info


def cofetch(*args, input=None, timeout=120):
    """cofetch with the same User-Agent as curl; a finished harness.Run."""
    return harness.cofetch("-A", USER_AGENT, *args, input=input, timeout=timeout)


def cofetch_bytes(*args, timeout=120):
    """cofetch's standard output as bytes, line ends as written."""
    done = subprocess.run([harness.COFETCH, "-A", USER_AGENT, *map(str, args)], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)
    harness.check_sanitizers(done.stderr.decode(errors="replace"))
    return done.stdout


def curl_answer(url, args, env=None, timeout=60):
    """curl on one URL: (the body it saved, -w's %{http_code}, %{exitcode})."""
    with tempfile.TemporaryDirectory() as folder:
        body = pathlib.Path(folder) / "body"
        done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "-o", str(body), "-w", "%{http_code} %{exitcode}",
                               *map(str, args), url], capture_output=True, text=True, timeout=timeout, env=env)
        status, exit_code = done.stdout.split()
        return (body.read_bytes() if body.exists() else b""), int(status), int(exit_code)


def cofetch_answer(url, args, folder, env=None, timeout=120):
    """cofetch on one URL, its body saved with -O in `folder` (which must not
    exist yet): (the body, -w's %{http_code}, %{exitcode})."""
    run = harness.cofetch("-A", USER_AGENT, "-O", folder, "-w", "%{http_code} %{exitcode}\\n", "--summary", "none",
                          *args, url, env=env, timeout=timeout)
    status, exit_code = run.stdout.split()
    saved = list(pathlib.Path(folder).iterdir()) if pathlib.Path(folder).exists() else []
    return (saved[0].read_bytes() if saved else b""), int(status), int(exit_code)


def by_index(records):
    return {record["index"]: record for record in records}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def without_digits(text):
    """A message without its measurements ("after 1001 ms")."""
    return re.sub(r"[0-9]+", "N", text or "")


def as_curls_message(record):
    """A record's error message with cofetch's documented additions taken off: which
    limit ended a timeout ("total timeout: ") and the system's reason for a failed
    connect (" (Connection refused)"). What is left is curl's message."""
    if not record["error"]:
        return None
    message = record["error"]["message"]
    if record["error"]["kind"] == "timeout":
        return re.sub(r"^(connect|total) timeout: ", "", message)
    if record["error"]["kind"] != "connect":
        return message
    return re.sub(r" \((Connection refused|No route to host|Network is unreachable|Connection timed out)\)$",
                  "", message)


# A cofetch JSON record's fields next to curl's names and forms for them.
RECORD_AS_CURL = {
    "url": lambda r: r["url"],
    "url_effective": lambda r: r["final_url"],
    "http_code": lambda r: r["status"] or 0,
    # The record spells HTTP/1.0 "1.0"; curl's -w and %{json} say "1" (docs/CONFORMANCE.md).
    "http_version": lambda r: {"1.0": "1", None: "0"}.get(r["http_version"], r["http_version"]),
    "size_download": lambda r: r["bytes"],
    "num_redirects": lambda r: r["redirects"],
    "remote_ip": lambda r: r["remote_ip"] or "",
}

# cofetch's error kind for each curl exit code these tests meet (docs/CONFORMANCE.md).
KIND_OF_CURL_EXIT = {
    0: None,
    1: "protocol",  # "Unsupported response code": a status line that is not HTTP
    3: "invalid_url",  # not a URL (cofetch then names its line and does not fetch it)
    6: "dns",
    7: "connect",
    18: "recv",
    22: "http",
    28: "timeout",
    47: "too_many_redirects",
    56: "recv",
    60: "tls",
    61: "protocol",  # a body whose Content-Encoding does not decode
    77: "tls",  # no CA bundle to verify with (a machine without ca-certificates)
}


def error_kind(record):
    return record["error"]["kind"] if record["error"] else None


# -w variables cofetch documents with curl's meaning, in the order of the template.
WRITE_OUT_VARIABLES = [
    "http_code", "response_code", "url", "url_effective", "time_namelookup", "time_connect",
    "time_appconnect", "time_pretransfer", "time_starttransfer", "time_redirect", "time_total",
    "size_download", "num_redirects", "remote_ip", "remote_port", "scheme", "method", "redirect_url",
    "http_version", "content_type", "errormsg", "exitcode",
]
TIME_VARIABLES = {name for name in WRITE_OUT_VARIABLES if name.startswith("time_")}
SEPARATOR = "\x1f"  # between variables: a byte no value holds


def write_out_template(names):
    return SEPARATOR.join("%{" + name + "}" for name in names) + "\\n"


def write_out_rows(run, names):
    """Rows of a -w run with write_out_template(names), each a dict by name."""
    return [dict(zip(names, line.split(SEPARATOR))) for line in run.stdout.splitlines() if line]


def curl_write_out(info, name):
    """What curl's -w prints for `name`, from its %{json} (null prints nothing)."""
    value = info.get(name)
    if value is None:
        return ""
    if name.startswith("time_"):
        return f"{value:.6f}"
    if name == "http_code" or name == "response_code":
        return f"{value:03d}"
    return str(value)
