"""--report: one self-contained HTML file, opened in a real browser (headless
Chromium, its network off) and read back from the page it rendered: the charts
hold the run's numbers, hostile URLs stay text, and memory stays bounded."""

import json
import re
import shutil
import subprocess

import pytest

from conftest import cofetch, peak_rss_mib

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.needs("chromium")


def render(page, tmp_path):
    """The DOM Chromium built from `page`, with every request leaving it refused."""
    profile = tmp_path / "profile"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=60)
    assert "Uncaught" not in done.stderr, done.stderr
    dom = done.stdout
    assert 'data-rendered="yes"' in dom, dom[-2000:]
    assert "data-errors" not in dom, re.findall(r'data-errors="[^"]*"', dom)
    return dom


def count(dom, css_class):
    return len(re.findall(rf'class="{css_class}[" ]', dom))


def field(dom, name):
    return re.search(rf'data-field="{re.escape(name)}">([^<]*)<', dom).group(1)


def shows(text, value, digits=1, unit=""):
    """Whether `text` is `value` rounded to `digits` places, followed by `unit`.
    A tie may go either way: the page rounds with JavaScript's toFixed (ties
    up), Python's format rounds them to even."""
    assert text.endswith(unit), (text, unit)
    number = float(text[: len(text) - len(unit)].strip())
    return len(text[: len(text) - len(unit)].strip().partition(".")[2]) == digits and \
        abs(number - value) <= 0.5 * 10 ** -digits + 1e-9


def shows_ms(text, value):
    return shows(text, value, 1, " ms") if value < 10000 else shows(text, value / 1000, 2, " s")


def embedded(page):
    text = page.read_text()
    return json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', text, re.S).group(1))


HOSTILE = ["/status/<script>document.title='pwned'</script>", "/any/<img src=x onerror=alert(1)>"]


def test_the_page_draws_the_run_and_keeps_hostile_urls_as_text(server, tmp_path):
    page = tmp_path / "run.html"
    urls = [server.url(f"/delay/{n * 10}") for n in range(1, 9)] + [server.url(path) for path in HOSTILE]
    urls += ["http://127.0.0.1:1/refused", "not a url", "http://gone.invalid/1", "http://gone.invalid/2"]
    urls += [f"http://127.0.0.1:1/refused/{n}" for n in range(3)]  # the host is given up
    run = cofetch("--json", "--summary", "json", "--report", page, *urls)
    summary = run.summary
    failures = [r for r in run.records if r["error"]]
    dom = render(page, tmp_path)
    # The figures on the page are those of the run's own JSON summary.
    assert field(dom, "count") == str(summary["count"]) == str(len(urls))
    assert shows(field(dom, "req_per_s"), summary["req_per_s"])
    assert field(dom, "errors") == str(sum(summary["errors"].values()))
    for status, number in summary["by_status"].items():
        assert field(dom, f"status-{status}") == str(number)
    for kind, number in summary["errors"].items():
        assert field(dom, f"error-{kind}") == str(number)
    assert summary["errors"]["host_skipped"] == 2
    assert field(dom, "hosts-given-up") == str(summary["hosts"]["given_up"]) == "1"
    assert field(dom, "hosts-unresolved") == str(summary["hosts"]["unresolved"]) == "1"
    # One bar per histogram row, and the bars hold every response.
    data = embedded(page)
    assert count(dom, "bar") == len(data["histogram"]) > 0
    assert sum(row["count"] for row in data["histogram"]) == summary["count"] - len(failures)
    # Waterfalls: every fetched URL among the slowest and the first; failures listed.
    fetched = sum(1 for r in run.records if r["attempts"] > 0)
    assert count(dom, "wf-row") == 2 * fetched
    assert count(dom, "failure") == len(failures) == 8  # host_skipped ones listed too
    # Hostile URLs are shown, never run.
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<title>cofetch report</title>" in dom
    assert "<img src=\"x\"" not in dom and "<img src=x" not in dom
    # Self-contained: nothing to load.
    markup = re.sub(r'<script id="data" type="application/json">.*?</script>', "", page.read_text(), flags=re.S)
    assert not re.search(r'\b(src|href)=|@import|url\(', markup), "the page loads nothing"


def test_compare_shows_both_passes_side_by_side(server, tmp_path):
    page = tmp_path / "compare.html"
    urls = [server.url(f"/delay/{n * 20}?c") for n in range(1, 6)]
    run = cofetch("--compare", "-q", "--summary", "json", "--report", page, *urls)
    dom = render(page, tmp_path)
    summary = run.summary
    assert shows(field(dom, "speedup"), summary["speedup"], unit="x")
    assert shows(field(dom, "concurrent-req/s"), summary["req_per_s"])
    assert shows_ms(field(dom, "sequential-wall"), summary["sequential_wall_ms"])


def test_a_sweep_draws_its_curve_and_recommendation(server, tmp_path):
    page = tmp_path / "sweep.html"
    urls = [server.url(f"/delay/50?s={n}") for n in range(8)]
    run = cofetch("--sweep", "1,2,8", "--summary", "json", "--report", page, *urls)
    sweep = run.summary["sweep"]
    dom = render(page, tmp_path)
    assert count(dom, "sweep-point") == len(sweep["levels"]) == 3
    assert f'data-level="{sweep["recommended"]}"' in dom
    for level in sweep["levels"]:
        assert shows(field(dom, f"level-{level['level']}-req_per_s"), level["req_per_s"])
    # The URLs drawn are those of the recommended level: its count, wall and rows.
    chosen = next(level for level in sweep["levels"] if level["level"] == sweep["recommended"])
    assert f"-j {chosen['level']} (the recommended level)" in dom
    assert field(dom, "count") == str(chosen["count"]) == str(len(urls))
    assert field(dom, "concurrency") == str(chosen["level"])
    assert count(dom, "wf-row") == 2 * len(urls)


def test_a_screenshot_of_the_page(server, tmp_path):
    page = tmp_path / "shot.html"
    cofetch("-q", "--report", page, server.url("/delay/20"), server.url("/status/500"))
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
                    f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.release_only  # memory is measured on the Release build
def test_the_report_keeps_memory_bounded_on_a_long_list(server, tmp_path):
    # The lists are written line by line: the measuring process (forked from this
    # one) must not start out holding a big list of its own.
    for urls in (2_000, 40_000):
        with open(tmp_path / f"{urls}.txt", "w") as listing:
            for n in range(urls):
                listing.write(server.url(f"/?m={n}") + "\n")
    rss = {}
    for urls in (2_000, 40_000):
        status, rss[urls] = peak_rss_mib("-q", "--summary", "none", "--report", tmp_path / f"{urls}.html",
                                         "-i", tmp_path / f"{urls}.txt")
        assert status == 0
    assert rss[40_000] <= 1.1 * rss[2_000] + 1, rss
