"""-O DIR: every body in its own file, named from its URL, never outside DIR."""

import os

from conftest import cofetch

HOSTILE = [
    "/any/..%2f..%2f..%2fetc%2fpasswd",
    "/any/%2e%2e/%2e%2e/escape",
    "/any/" + "a" * 3000 + ".txt",
    "/any/?name=../../outside",
    "/any//etc/passwd",
    "/any/.hidden",
    "/any/-rf",
    "/any/%00nul%0d%0a",
    "/any/%ff%fe",
    "/any/",
]


def snapshot(folder):
    return {os.path.join(root, name) for root, dirs, files in os.walk(folder) for name in files + dirs}


def test_hostile_urls_stay_inside_the_directory(server, tmp_path):
    target = tmp_path / "bodies"
    before = snapshot(tmp_path)
    urls = [server.url(path) for path in HOSTILE]
    run = cofetch("--json", "-O", target, *urls)
    assert run.status == 0, run.stderr
    created = snapshot(tmp_path) - before
    assert all(path == str(target) or os.path.dirname(path) == str(target) for path in created), created
    files = sorted(os.listdir(target))
    assert len(files) == len(HOSTILE), files
    for name in files:
        assert "/" not in name and not name.startswith((".", "-")) and len(name) <= 255
        assert (target / name).read_text() == "any\n"
    for record in run.records:
        assert record["file"] and os.path.dirname(record["file"]) == str(target)


def test_the_same_url_twice_gets_two_files(server, tmp_path):
    run = cofetch("--json", "-O", tmp_path, server.url("/bytes/5"), server.url("/bytes/5"))
    files = sorted(r["file"] for r in run.records)
    assert len(set(files)) == 2
    assert all(os.path.getsize(f) == 5 for f in files)


def test_a_failed_transfer_leaves_no_file(server, tmp_path):
    run = cofetch("--json", "-O", tmp_path, server.url("/truncated"), server.url("/reset"))
    assert all(r["file"] is None for r in run.records)
    assert os.listdir(tmp_path) == [], "neither a final nor a temporary file"


def test_a_large_body_is_written_whole(server, tmp_path):
    size = 12 * 1024 * 1024
    run = cofetch("--json", "-O", tmp_path, server.url(f"/bytes/{size}"))
    record = run.records[0]
    assert record["bytes"] == size and os.path.getsize(record["file"]) == size


def test_file_is_part_of_the_csv_and_json_only_with_O(server, tmp_path):
    assert "file" not in cofetch("--json", server.url("/bytes/1")).records[0]
    assert ",file\r\n" not in cofetch("--format", "csv", server.url("/bytes/1")).stdout
    with_o = cofetch("--format", "csv", "-O", tmp_path, server.url("/bytes/1"))
    assert with_o.stdout.splitlines()[0].endswith(",file")


def test_an_unusable_directory_is_a_usage_error(server, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    run = cofetch("-O", blocker / "sub", server.url("/bytes/1"))
    assert run.status == 2 and "-O" in run.stderr
