"""What the scaling tests share: the documented shard function, lists over many
host names (all resolved to the local test server), and reading results files."""

import json
from urllib.parse import urlsplit


def shard_of(url, shards):
    """docs/SCALING.md's reference implementation of --shard."""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        key = f"{parts.scheme.lower()}://{host}:{port}"
    else:
        key = url.strip()
    h = 0xcbf29ce484222325
    for byte in key.encode():
        h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h % shards + 1


def host_of(url):
    parts = urlsplit(url)
    return (parts.scheme, parts.hostname, parts.port) if parts.hostname else url


def many_hosts(server, hosts, per_host, paths=("/any/{n}",)):
    """`hosts` x `per_host` URLs on names h1.test, h2.test... (mixed case), and the
    --resolve options that send every name to the test server."""
    urls = []
    for n in range(per_host):
        for h in range(1, hosts + 1):
            name = f"H{h}.test" if n % 7 == 0 else f"h{h}.test"
            path = paths[n % len(paths)].format(n=n, h=h)
            urls.append(f"http://{name}:{server.port}{path}")
    resolve = []
    for h in range(1, hosts + 1):
        resolve += ["--resolve", f"h{h}.test:{server.port}:127.0.0.1"]
    return urls, resolve


def read_records(path):
    """The records of a results file; asserts that every line is whole."""
    text = path.read_text()
    assert text == "" or text.endswith("\n"), "no torn last line"
    return [json.loads(line) for line in text.splitlines()]
