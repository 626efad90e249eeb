"""Resource exhaustion: too few open files for -j, a device that fills up under -O,
a results file that cannot grow. Each URL gets a correct result or a clear error,
and the run ends: no crash, no hang."""

import json
import os
import resource
import subprocess
import tempfile
import time

import pytest

from conftest import COFETCH, check_sanitizers


def run_limited(args, limits, timeout=120):
    """cofetch with resource limits set in the child only: {RLIMIT_X: value}."""
    def apply():
        for which, value in limits.items():
            resource.setrlimit(which, (value, value))

    completed = subprocess.run([COFETCH, *map(str, args)], capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL, preexec_fn=apply)
    check_sanitizers(completed.stderr)
    return completed


def records_of(completed):
    return [json.loads(line) for line in completed.stdout.splitlines() if line]


def test_ulimit_64_with_j_500_fetches_everything(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(server.url(f"/delay/20?{i}") + "\n" for i in range(600)))
    completed = run_limited(["--json", "-j", 500, "-i", listing], {resource.RLIMIT_NOFILE: 64})
    assert completed.returncode == 0, completed.stderr[-2000:]
    records = records_of(completed)
    assert len(records) == 600
    assert all(r["status"] == 200 for r in records)
    assert sorted(r["index"] for r in records) == list(range(600))
    assert "-j 500 needs more open files than the limit allows (64); fetching" in completed.stderr


def test_ulimit_64_with_j_500_and_bodies_saved(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(server.url(f"/bytes/100?{i}") + "\n" for i in range(300)))
    bodies = tmp_path / "bodies"
    completed = run_limited(["--json", "-j", 500, "-O", bodies, "-i", listing],
                            {resource.RLIMIT_NOFILE: 64})
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert len(records_of(completed)) == 300
    assert len(os.listdir(bodies)) == 300


def test_a_body_that_cannot_be_written_fails_that_url_only(server, tmp_path):
    # RLIMIT_FSIZE: writing past 64 KiB fails with EFBIG (SIGXFSZ is ignored).
    bodies = tmp_path / "bodies"
    urls = [server.url("/bytes/1000"), server.url("/bytes/200000"), server.url("/bytes/2000")]
    completed = run_limited(["--json", "-O", bodies, *urls], {resource.RLIMIT_FSIZE: 64 * 1024})
    assert completed.returncode == 1
    records = {r["url"].rsplit("/", 1)[-1]: r for r in records_of(completed)}
    assert records["1000"]["error"] is None and records["2000"]["error"] is None
    failed = records["200000"]
    assert failed["error"]["message"] == f"cannot save the body in {bodies}: File too large"
    assert failed["file"] is None
    assert sorted(os.listdir(bodies)) == [name for name in sorted(os.listdir(bodies))
                                           if not name.startswith(".")]  # no temporary left
    assert len(os.listdir(bodies)) == 2


def tiny_tmpfs():
    """A 64 KiB tmpfs, if this process may mount one (root in a full container)."""
    mount_point = tempfile.mkdtemp(prefix="cofetch-full-")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount_point],
                             capture_output=True).returncode == 0
    if not mounted:
        os.rmdir(mount_point)
        return None
    return mount_point


def test_a_full_device_fails_that_url_only(server):
    mount_point = tiny_tmpfs()
    if mount_point is None:
        pytest.skip("cannot mount a tmpfs here; the RLIMIT_FSIZE test covers write failures")
    try:
        urls = [server.url("/bytes/1000"), server.url("/bytes/300000"), server.url("/bytes/2000")]
        completed = subprocess.run([COFETCH, "--json", "-j", "1", "-O", mount_point, *urls],
                                   capture_output=True, text=True, timeout=60)
        check_sanitizers(completed.stderr)
        assert completed.returncode == 1
        records = {r["url"].rsplit("/", 1)[-1]: r for r in records_of(completed)}
        assert records["300000"]["error"]["message"] == \
            f"cannot save the body in {mount_point}: No space left on device"
        assert records["1000"]["error"] is None and records["2000"]["error"] is None
        assert len(os.listdir(mount_point)) == 2
    finally:
        subprocess.run(["umount", mount_point], check=True)
        os.rmdir(mount_point)


def test_a_results_file_that_cannot_grow_stops_the_run(server, tmp_path):
    results = tmp_path / "results.jsonl"
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(server.url(f"/?{i}") + "\n" for i in range(2000)))
    completed = run_limited(["-o", results, "-i", listing], {resource.RLIMIT_FSIZE: 16 * 1024})
    assert completed.returncode == 1
    assert "File too large" in completed.stderr
    # Every record that made it is whole: the file parses line by line.
    lines = results.read_text().splitlines()
    assert 0 < len(lines) < 2000
    for line in lines:
        json.loads(line)


def test_the_descriptor_table_is_grown_before_the_first_connection(server, tmp_path):
    """Grown one descriptor at a time while threads run, the table would make the
    process wait an RCU grace period at each doubling (10-30 ms idle per run)."""
    listing = tmp_path / "urls.txt"
    listing.write_text(server.url("/delay/1500") + "\n")  # a regular file: read on libuv's threads
    process = subprocess.Popen([COFETCH, "-q", "-j", "300", "-i", str(listing)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        table = 0
        for _ in range(100):  # bounded: up to about 1 s, while the one URL waits
            with open(f"/proc/{process.pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            table = int(fields.get("FDSize", "0"))
            if int(fields.get("Threads", "1")) > 1:
                break  # libuv's pool started: the table must be grown by now
            time.sleep(0.01)
        # One URL opens one connection; -j 300 plans room for 300 transfers at once.
        assert table >= 512, f"FDSize {table}"
    finally:
        _, stderr = process.communicate(timeout=30)
    check_sanitizers(stderr)
    assert process.returncode == 0
