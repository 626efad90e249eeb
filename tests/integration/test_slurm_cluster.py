"""examples/scaling/slurm-array.sbatch, unchanged, on a real one-node Slurm cluster
(slurm_cluster.py): 3,000 URLs over 300 host names, eight array tasks. Every URL
has exactly one record across the shards, each shard holds only the hosts the
documented shard function gives it, and `cofetch summarize` over the shards
equals one machine's run. Then the failure job arrays exist for: one task is
killed mid-run by `scontrol requeue`, Slurm runs it again, `--resume` picks up
where it stopped, and the union is still every URL once, with the statuses of an
uninterrupted run."""

import json
import re
import time

import pytest

from conftest import COFETCH, ROOT, cofetch
from scaling import host_of, read_records, shard_of
from slurm_cluster import ClusterError, SlurmCluster

SCRIPT = ROOT / "examples" / "scaling" / "slurm-array.sbatch"
SHARDS = 8  # the script's --array=1-8
HOSTS, PER_HOST = 300, 10

pytestmark = [pytest.mark.needs("sbatch", "slurm-wlm"), pytest.mark.needs("munged", "munge"),
              pytest.mark.release_only]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    try:
        instance = SlurmCluster(tmp_path_factory.mktemp("slurm"))
    except ClusterError as error:
        pytest.fail(f"the Slurm cluster did not start: {error}")
    print(f"cluster up in {instance.start_seconds:.1f} s")
    yield instance
    instance.stop()


def url_list(server, folder, path):
    """HOSTS x PER_HOST URLs on names h1.test ... h300.test, all served by `server`
    (--connect-to), and the list file."""
    urls = [f"http://h{h}.test/{path.format(n=n, h=h)}" for n in range(PER_HOST) for h in range(1, HOSTS + 1)]
    listing = folder / "urls.txt"
    listing.write_text("".join(url + "\n" for url in urls))
    return urls, listing


def single_machine(listing, connect_to, folder):
    """One machine's run of the list: records by URL, and its summary."""
    run = cofetch("-i", listing, *connect_to, "-o", folder / "single.jsonl", "--summary", "json", timeout=300)
    assert run.status in (0, 1), run.stderr
    return {r["url"]: r for r in read_records(folder / "single.jsonl")}, run.summary


def check_shards(urls, results, single):
    files = sorted(results.glob("shard-*.jsonl"))
    assert [f.name for f in files] == [f"shard-{k}.jsonl" for k in range(1, SHARDS + 1)]
    records = {}
    for number, path in enumerate(files, start=1):
        shard = read_records(path)
        # Only its own hosts, by the shard function docs/SCALING.md documents.
        assert {shard_of(r["url"], SHARDS) for r in shard} == {number}
        records[number] = shard
    union = [r for shard in records.values() for r in shard]
    assert sorted((r["index"], r["url"]) for r in union) == list(enumerate(urls)), "every URL exactly once"
    hosts = [{host_of(r["url"]) for r in shard} for shard in records.values()]
    assert sum(len(h) for h in hosts) == len(set().union(*hosts)) == HOSTS, "each host in one shard"
    assert {r["url"]: (r["status"], (r["error"] or {}).get("kind")) for r in union} == \
        {u: (r["status"], (r["error"] or {}).get("kind")) for u, r in single.items()}
    return files, {number: len(shard) for number, shard in records.items()}


def submit(cluster, listing, results, connect_to, *extra, wait=True):
    args = ["sbatch", *(["--wait"] if wait else ["--parsable"]), SCRIPT, listing, results, *connect_to, *extra]
    return cluster.run(*args, cwd=results.parent, env={"COFETCH": COFETCH}, timeout=180)


def test_the_array_job_shards_the_list_and_summarize_merges_it(cluster, server, tmp_path):
    urls, listing = url_list(server, tmp_path, "{n}")
    connect_to = ["--connect-to", f"::127.0.0.1:{server.port}"]
    # Paths: bodies of several sizes, a 404, a redirect not followed.
    listing.write_text("".join(
        u.rsplit("/", 1)[0] + ["/bytes/{}".format(i % 700), "/status/404", "/redirect/1"][i % 3] + "\n"
        for i, u in enumerate(urls)))
    urls = listing.read_text().split()
    single, summary = single_machine(listing, connect_to, tmp_path)
    results = tmp_path / "results"
    started = time.monotonic()
    done = submit(cluster, listing, results, connect_to)
    print(f"sbatch --wait: {done.stdout.strip()} in {time.monotonic() - started:.1f} s")
    files, counts = check_shards(urls, results, single)
    print("records per shard:", counts)
    merged = cofetch("summarize", "--summary", "json", *files)
    assert merged.status == 0  # without --fail, a 404 is an answer, not a failure
    merged_summary = json.loads(merged.stdout)
    for key in ("count", "ok", "by_status", "errors", "bytes"):
        assert merged_summary[key] == summary[key], key
    for task in range(1, SHARDS + 1):
        log = (tmp_path / f"cofetch-shard-{task}.log").read_text()
        assert f"{counts[task]} URLs in" in log


def test_a_killed_task_is_requeued_and_resumes(cluster, server, tmp_path):
    # Slow answers (40 ms, -j 6): each task runs for two or three seconds, long
    # enough to be killed in the middle.
    urls, listing = url_list(server, tmp_path, "delay/40?u={n}-{h}")
    connect_to = ["--connect-to", f"::127.0.0.1:{server.port}"]
    single, _ = single_machine(listing, connect_to, tmp_path)
    results = tmp_path / "results"
    job = submit(cluster, listing, results, connect_to, "-j", "6", wait=False).stdout.strip().split(";")[0]
    victim = 3
    task = f"{job}_{victim}"
    shard_file = results / f"shard-{victim}.jsonl"
    deadline = time.monotonic() + 120
    while not (shard_file.exists() and shard_file.read_text().count("\n") >= 50):
        assert time.monotonic() < deadline, cluster.run("squeue", check=False).stdout
        time.sleep(0.05)
    cluster.run("scontrol", "requeue", task)
    written_before = shard_file.read_text().count("\n")
    # Slurm holds a requeued task back (BeginTime, about two minutes): release it.
    deadline = time.monotonic() + 60
    while "PENDING" not in cluster.run("squeue", "-h", "-j", task, "-o", "%T", check=False).stdout:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    cluster.run("scontrol", "update", f"JobId={task}", "StartTime=now")
    deadline = time.monotonic() + 150
    while cluster.run("squeue", "-h", "-j", job, check=False).stdout.strip():
        assert time.monotonic() < deadline, cluster.run("squeue", "-j", job, check=False).stdout
        time.sleep(0.2)
    restarts = cluster.run("scontrol", "show", "job", task).stdout
    assert "Restarts=1" in restarts and "JobState=COMPLETED" in restarts, restarts
    files, counts = check_shards(urls, results, single)
    print(f"requeued task {task} after {written_before} records; records per shard: {counts}")
    log = (tmp_path / f"cofetch-shard-{victim}.log").read_text()
    resumed = re.search(r"resumed\s+(\d+) URLs? already in \S+ skipped", log)
    assert resumed, log
    assert 0 < int(resumed.group(1)) < counts[victim], "it picked up where it stopped"
