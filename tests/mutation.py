#!/usr/bin/env python3
"""Is the suite blind anywhere? Each mutation below is a deliberate bug of the kind
that slips through: it is applied to a copy of the source, cofetch is rebuilt, and
the conformance suite (every comparison with curl and the servers) must fail. The
script prints, per mutation, the first test that caught it, or MISSED; it exits 1
if any mutation was missed or the unmutated copy does not pass.

Usage: tests/mutation.py [NAME...]   (run scripts/setup.sh --tests first; about 5
minutes for all, each mutation stops at its first failing test)

The torture run (two minutes) is left out: every mutation here is caught sooner or
not by it at all."""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

# name: (what it breaks, file, text, replacement)
MUTATIONS = {
    "field-of-the-previous-transfer": (
        "each record's content type is the one of the transfer finished before it",
        "src/http/transfer_info.cpp",
        "  result.content_type = string_info(easy, CURLINFO_CONTENT_TYPE);",
        "  static std::string previous;\n"
        "  result.content_type = previous;\n"
        "  previous = string_info(easy, CURLINFO_CONTENT_TYPE);"),
    "phase-into-its-neighbour": (
        "the TLS handshake counted in connect",
        "src/http/phases.cpp",
        "  if (t.appconnect > 0) p.tls = span(connected, t.appconnect);",
        "  if (t.appconnect > 0) p.connect = span(t.namelookup, t.appconnect);"),
    "status-off-by-one-on-http2": (
        "an HTTP/2 response's status is one more than the server sent",
        "src/http/transfer_info.cpp",
        "    result.status = static_cast<int>(status);",
        "    result.status = static_cast<int>(status) +\n"
        "                    (long_info(easy, CURLINFO_HTTP_VERSION) == CURL_HTTP_VERSION_2_0);"),
    "protocol-version-misnamed": (
        "an HTTP/1.0 response is named HTTP/1.1",
        "src/http/transfer_info.cpp",
        '    case CURL_HTTP_VERSION_1_0: return "1.0";',
        '    case CURL_HTTP_VERSION_1_0: return "1.1";'),
    "header-dropped-after-a-redirect": (
        "the final response's Content-Type is lost when a redirect led to it",
        "src/http/transfer_info.cpp",
        "  result.content_type = string_info(easy, CURLINFO_CONTENT_TYPE);",
        "  if (result.redirects == 0) result.content_type = string_info(easy, CURLINFO_CONTENT_TYPE);"),
    "timeout-named-connect": (
        "a total timeout after the connection stood is called a connect timeout",
        "src/http/transfer_info.cpp",
        '  return !connected && connect_first ? "connect timeout" : "total timeout";',
        '  return connect_first ? "connect timeout" : "total timeout";'),
    "cookie-store-per-handle": (
        "each easy handle keeps its own cookies instead of the batch's store",
        "src/run/curl_fetch.cpp",
        "m_multi(loop, connection_cache, context.options().cookies.store()),",
        "m_multi(loop, connection_cache, false),"),
    "digest-handle-reused": (
        "a handle that negotiated Digest is reused with the previous server's nonce",
        "src/http/fetch.cpp",
        "  if (m_context.options().credentials.scheme == Credentials::Scheme::basic)\n",
        "  if (true)\n"),
    "proxy-password-dropped": (
        "--proxy-user is not sent to the proxy",
        "src/http/access_options.cpp",
        "  if (proxy.user) set.option(CURLOPT_PROXYUSERPWD, proxy.user->c_str());",
        ""),
    "key-password-dropped": (
        "the client key's password (-E FILE:PASSWORD, --pass) is not given to libcurl",
        "src/http/access_options.cpp",
        "  if (tls.password) set.option(CURLOPT_KEYPASSWD, tls.password->c_str());",
        ""),
    "netrc-file-ignored": (
        "--netrc-file falls back to ~/.netrc",
        "src/http/access_options.cpp",
        "      set.option(CURLOPT_NETRC_FILE, credentials.netrc_file.c_str());",
        "      ;"),
    "local-port-range-ignored": (
        "--local-port's range is taken as its first port only",
        "src/http/access_options.cpp",
        "    set.option(CURLOPT_LOCALPORTRANGE, addressing.local_port_range);",
        ""),
}


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], text=True, capture_output=True, **kwargs)


def build(build_dir):
    done = run("cmake", "--build", build_dir, "-j", os.environ.get("COFETCH_JOBS", "2"), "--target", "cofetch")
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def suite(binary, server):
    """The conformance suite on `binary`: None if it passes, else the first failure."""
    files = sorted(str(path) for path in (ROOT / "tests" / "conformance").glob("test_*.py")
                   if path.name != "test_torture.py")
    env = dict(os.environ, COFETCH_BIN=str(binary), COFETCH_TEST_SERVER=str(server), PYTHONDONTWRITEBYTECODE="1")
    done = run(PYTHON, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *files,
               cwd=ROOT / "tests" / "conformance", env=env, timeout=1800)
    if done.returncode == 0:
        return None
    failed = [line.split(" ")[1] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return failed[0] if failed else done.stdout[-2000:]


def main(names):
    unknown = [name for name in names if name not in MUTATIONS]
    if unknown:
        sys.exit(f"unknown mutation {unknown[0]}; known: {', '.join(MUTATIONS)}")
    server = ROOT / "build" / "cofetch-test-server"
    if not server.exists():
        sys.exit("build/cofetch-test-server is missing: run scripts/setup.sh --tests")
    work = pathlib.Path(tempfile.mkdtemp(prefix="cofetch-mutation-"))
    try:
        source = work / "source"
        files = run("git", "-C", ROOT, "ls-files", "-z").stdout.split("\0")
        for name in filter(None, files):
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
        build_dir = work / "build"
        configured = run("cmake", "-S", source, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                         "-DCOFETCH_TESTS=OFF", "-DCOFETCH_EXAMPLES=OFF")
        if configured.returncode != 0:
            sys.exit(configured.stdout + configured.stderr)
        binary = build_dir / "cofetch"

        print("== the copy as it is: the suite must pass", flush=True)
        build(build_dir)
        first = suite(binary, server)
        if first:
            print(f"   it does not: {first}")
            return 1
        missed = 0
        for name in names or MUTATIONS:
            what, path, text, replacement = MUTATIONS[name]
            target = source / path
            original = target.read_text()
            if original.count(text) != 1:
                print(f"   {name}: no longer applies (the text is not in {path} once)")
                missed += 1
                continue
            started = time.monotonic()
            target.write_text(original.replace(text, replacement))
            try:
                build(build_dir)
                first = suite(binary, server)
            finally:
                target.write_text(original)
            took = time.monotonic() - started
            if first:
                print(f"   {name} ({what}): caught by {first} ({took:.0f} s)", flush=True)
            else:
                print(f"   {name} ({what}): MISSED, the whole suite passed ({took:.0f} s)", flush=True)
                missed += 1
        return 1 if missed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
