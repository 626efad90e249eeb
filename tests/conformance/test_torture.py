"""The torture run, the way curl's own suite stresses it: a 20,000-URL batch at
-j 200 with retries against a server that answers each URL with a seeded outcome
(reset, truncated, slow drip, redirect chain, 404, 503 then 200, or a body) and
logs what it served. Every input line gets exactly one record, and each record's
status, bytes, final URL, redirects and error kind match the server's log. Then
the same batch is killed with SIGKILL at random moments and resumed with --resume:
the union holds each URL exactly once, with the same truth."""

import json
import random
import signal
import subprocess
import time
import urllib.parse

from oracle import USER_AGENT, harness

URLS = 20_000
REFUSED_EVERY = 20  # one URL in 20 goes to a port where nothing listens
OPTIONS = ["-j", "200", "--retry", "2", "--retry-delay", "0.05", "-L", "-m", "20", "-A", USER_AGENT,
           "--summary", "none", "--progress", "never"]


def make_list(server, closed_port, folder):
    """A list of its own seed: the server counts what it served per URL (a 503
    then a 200 is its second request), so a list it has seen before would no
    longer draw the retries it is meant to."""
    seed = random.randrange(1_000_000)
    print(f"torture seed {seed}")
    urls = [f"http://127.0.0.1:{closed_port}/torture/{seed}/{i}" if i % REFUSED_EVERY == 7
            else server.url(f"/torture/{seed}/{i}") for i in range(URLS)]
    path = folder / "urls.txt"
    path.write_text("\n".join(urls) + "\n")
    return path, urls


def retried_to_success(records):
    return any(r["attempts"] == 2 and r["status"] == 200 for r in records)


def target_of(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


HOST_ERRORS = 2  # cofetch's default --host-errors


def expected(url, last, server, record):
    """What the server's log says this URL's record must hold. The closed port
    never connects: its first URLs fail to connect, and once --host-errors of
    them did, the rest are skipped without a try."""
    if not url.startswith(server.base):
        if record["error"] and record["error"]["kind"] == "host_skipped":
            return {"kind": "host_skipped", "status": None, "final_url": None, "redirects": 0}
        return {"kind": "connect", "status": None, "final_url": url, "redirects": 0}
    target, hops = target_of(url), 0
    entry = last[target]
    while 300 <= entry["status"] < 400:
        target, hops = entry["location"], hops + 1
        entry = last[target]
    kind = {"send": None, "drip": None, "reset": "recv", "truncated": "recv"}[entry["kind"]]
    return {"kind": kind, "status": entry["status"], "bytes": entry["bytes"], "final_url": server.base + target,
            "redirects": hops, "served": entry["kind"]}


def check_truth(records, urls, server):
    last = {}
    for entry in server.served():
        last[entry["target"]] = entry
    assert sorted(r["index"] for r in records) == list(range(len(urls))), "one record per input line"
    wrong = []
    for record in records:
        url = urls[record["index"]]
        want = expected(url, last, server, record)
        got = {"url": record["url"], "kind": record["error"]["kind"] if record["error"] else None,
               "final_url": record["final_url"], "redirects": record["redirects"]}
        ok = got["url"] == url and got["kind"] == want["kind"] and got["final_url"] == want["final_url"] \
            and got["redirects"] == want["redirects"]
        if want.get("served") == "reset":
            # The reset may overtake bytes already sent: at most what was sent arrives.
            ok = ok and record["status"] in (200, None) and record["bytes"] <= want["bytes"]
        elif "bytes" in want:
            ok = ok and record["status"] == want["status"] and record["bytes"] == want["bytes"]
        else:
            ok = ok and record["status"] is None
        if not ok:
            wrong.append((record, want))
    assert not wrong, f"{len(wrong)} records differ from what was served, first: {wrong[:3]}"


def test_every_record_matches_what_the_server_served(server, closed_port, tmp_path):
    path, urls = make_list(server, closed_port, tmp_path)
    results = tmp_path / "results.jsonl"
    run = harness.cofetch(*OPTIONS, "-o", results, "-i", path, timeout=600)
    assert run.status == 1, run.stderr  # refused, reset and truncated URLs fail
    records = [json.loads(line) for line in results.read_text().splitlines()]
    check_truth(records, urls, server)
    kinds = ("connect", "host_skipped", "recv")
    outcomes = {kind: sum(1 for r in records if (r["error"] or {}).get("kind") == kind) for kind in kinds}
    assert outcomes["connect"] + outcomes["host_skipped"] == URLS // REFUSED_EVERY
    # No more attempts wait to connect at once than failures it takes to give up;
    # then one URL looks again after 30 s, 60 s more, 120 s more...
    assert HOST_ERRORS <= outcomes["connect"] <= HOST_ERRORS + 4
    assert outcomes["recv"] > URLS * 0.05, "resets and truncations happened"
    assert any(r["redirects"] == 3 for r in records) and retried_to_success(records)


def test_killed_and_resumed_runs_hold_each_url_once_with_the_same_truth(server, closed_port, tmp_path):
    path, urls = make_list(server, closed_port, tmp_path)
    results = tmp_path / "results.jsonl"
    rng = random.Random()
    command = [harness.COFETCH, *OPTIONS, "-o", str(results), "--resume", "-i", str(path)]
    kept = []
    for kill in range(4):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kept.append(len(results.read_text().splitlines()) if results.exists() else 0)
    print(f"records kept after each kill: {kept}")
    assert kept[0] < URLS, "the first kill came before the end"
    finished = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    harness.check_sanitizers(finished.stderr)
    # The URLs that failed were kept by earlier runs: this one fetched the rest.
    assert finished.returncode in (0, 1), finished.stderr
    records = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    check_truth(records, urls, server)
    assert retried_to_success(records), "the resumed runs met 503s and retried them"
