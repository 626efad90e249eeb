"""The shipped examples of docs/SCALING.md: the Kubernetes Indexed Job is well
formed and its command works, and the Slurm and GNU parallel scripts really
split a list into shards that `summarize` merges."""

import os
import subprocess

import pytest
import yaml

from conftest import COFETCH, ROOT, cofetch
from scaling import read_records

EXAMPLES = ROOT / "examples" / "scaling"


def path_with_cofetch(tmp_path):
    """A PATH on which `cofetch` is the binary under test."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    link = bin_dir / "cofetch"
    if not link.exists():
        link.symlink_to(COFETCH)
    return f"{bin_dir}:{os.environ['PATH']}"


def two_host_list(server, other_server, tmp_path, count=40):
    urls = [(server if n % 2 else other_server).url(f"/any/{n}") for n in range(count)]
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(u + "\n" for u in urls))
    return urls, listing


def check_union(urls, files):
    records = [r for f in files for r in read_records(f)]
    assert sorted((r["index"], r["url"]) for r in records) == list(enumerate(urls))
    assert all(r["status"] == 200 for r in records)
    merged = cofetch("summarize", "--summary", "json", *files)
    assert merged.status == 0 and '"count":%d' % len(urls) in merged.stdout


def test_the_indexed_job_has_what_kubernetes_needs():
    job = yaml.safe_load((EXAMPLES / "indexed-job.yaml").read_text())
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    assert job["metadata"]["name"]
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    assert isinstance(spec["completions"], int) and spec["completions"] > 1
    assert 1 <= spec["parallelism"] <= spec["completions"]
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    [container] = pod["containers"]
    assert container["name"] and container["image"]
    env = {item["name"]: item["value"] for item in container["env"]}
    assert int(env["SHARDS"]) == spec["completions"], "one shard per completion index"
    command = " ".join(container["command"])
    for needed in ("JOB_COMPLETION_INDEX", "--shard", "--resume", "-o "):
        assert needed in command
    mounts = {m["name"] for m in container["volumeMounts"]}
    assert mounts == {v["name"] for v in pod["volumes"]}


def test_the_indexed_job_command_shards_the_list(server, other_server, tmp_path):
    job = yaml.safe_load((EXAMPLES / "indexed-job.yaml").read_text())
    [container] = job["spec"]["template"]["spec"]["containers"]
    env = {item["name"]: item["value"] for item in container["env"]}
    urls, listing = two_host_list(server, other_server, tmp_path)
    results = tmp_path / "results"
    for index in range(job["spec"]["completions"]):
        # As each pod would run it, with the volume's paths moved here.
        pod_env = {**os.environ, **env, "JOB_COMPLETION_INDEX": str(index), "URLS": str(listing),
                   "RESULTS": str(results), "PATH": path_with_cofetch(tmp_path)}
        done = subprocess.run(container["command"], env=pod_env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    files = sorted(results.glob("shard-*.jsonl"))
    assert len(files) == int(env["SHARDS"])
    check_union(urls, files)


def test_the_slurm_array_script_shards_the_list(server, other_server, tmp_path):
    script = EXAMPLES / "slurm-array.sbatch"
    assert "#SBATCH --array=1-8" in script.read_text()
    urls, listing = two_host_list(server, other_server, tmp_path)
    results = tmp_path / "results"
    for task in range(1, 4):
        env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(task), SLURM_ARRAY_TASK_COUNT="3", COFETCH=COFETCH)
        done = subprocess.run(["bash", script, listing, results, "-j", "8"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    check_union(urls, sorted(results.glob("shard-*.jsonl")))


@pytest.mark.needs("parallel")
def test_the_gnu_parallel_script_shards_the_list(server, other_server, tmp_path):
    logins = tmp_path / "logins.txt"
    logins.write_text(":\n")  # this machine, as GNU parallel spells it
    urls, listing = two_host_list(server, other_server, tmp_path)
    results = tmp_path / "results"
    env = dict(os.environ, COFETCH=COFETCH, HOME=str(tmp_path))
    done = subprocess.run(["bash", EXAMPLES / "parallel-ssh.sh", logins, "3", listing, results, "-j", "8"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    files = sorted(results.glob("shard-*.jsonl"))
    assert [f.name for f in files] == ["shard-1.jsonl", "shard-2.jsonl", "shard-3.jsonl"]
    check_union(urls, files)
