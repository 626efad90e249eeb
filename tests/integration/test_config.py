"""The configuration file: usual options under the command line's."""

import os

from conftest import cofetch


def with_config(tmp_path, text, **extra):
    path = tmp_path / "config"
    path.write_text(text)
    return dict(os.environ, COFETCH_CONFIG=str(path), **extra)


def peak_with(server, *args, env):
    urls = [server.url(f"/delay/200?c={i}") for i in range(8)]
    server.reset_stats()
    run = cofetch("-q", *args, *urls, env=env)
    assert run.status == 0, run.stderr
    return server.stats()["peak"]


def saved_body(tmp_path, run, path):
    """The body -O saved for the URL ending in `path`."""
    assert run.status == 0, run.stderr
    [saved] = [f for f in (tmp_path / "bodies").iterdir() if f.name.endswith(path)]
    return saved.read_text()


def test_the_file_sets_the_usual_concurrency_and_the_command_line_wins(server, tmp_path):
    env = with_config(tmp_path, "# usual settings\nconcurrency = 2\n")
    assert peak_with(server, env=env) == 2
    assert peak_with(server, "-j", 8, env=env) == 8
    assert peak_with(server, "--sequential", env=env) == 1, "--sequential excludes the file's -j"


def test_headers_of_the_file_and_of_the_command_line_add_up_the_command_line_replacing(server, tmp_path):
    env = with_config(tmp_path, "header = X-Team: blue\nheader = X-Token: from-file\n")
    bodies = str(tmp_path / "bodies")
    run = cofetch("-O", bodies, "-H", "x-token: from-command-line",
                  server.url("/echo-header/X-Team"), server.url("/echo-header/X-Token"), env=env)
    assert saved_body(tmp_path, run, "_echo-header_X-Team") == "blue"
    assert saved_body(tmp_path, run, "_echo-header_X-Token") == "from-command-line"


def test_flags_timeouts_and_formats_come_from_the_file(server, tmp_path):
    env = with_config(tmp_path, "location\nformat = jsonl\nmax-time = 0.5\nsummary = none\n")
    run = cofetch(server.url("/redirect/2"), server.url("/hang"), env=env)
    records = {record["url"].rsplit("/", 1)[-1]: record for record in run.records}
    assert records["2"]["status"] == 200 and records["2"]["redirects"] == 2, "location = on"
    assert records["hang"]["error"]["kind"] == "timeout"
    assert run.stderr == "", "summary = none"


def test_an_option_the_command_line_excludes_is_left_out(server, tmp_path):
    env = with_config(tmp_path, "format = csv\nfail\n")
    run = cofetch("--json", "--fail-on", "5xx", server.url("/status/404"), env=env)
    assert run.status == 0, "--fail-on replaces the file's --fail: 404 is no failure"
    assert run.records[0]["status"] == 404, "--json replaces the file's format = csv"


def test_a_flag_set_to_false_and_quoted_values(server, tmp_path):
    env = with_config(tmp_path, "location = false\nuser-agent = \"agent #7\"\n")
    bodies = str(tmp_path / "bodies")
    run = cofetch("-O", bodies, server.url("/echo-header/User-Agent"), server.url("/redirect/1"), env=env)
    assert saved_body(tmp_path, run, "_echo-header_User-Agent") == "agent #7"
    statuses = sorted(line.split()[0] for line in run.lines)
    assert "302" in statuses, "location = false: the redirect is not followed"


def test_the_default_place_is_under_xdg_config_home_then_home(server, tmp_path):
    xdg = tmp_path / "xdg"
    (xdg / "cofetch").mkdir(parents=True)
    (xdg / "cofetch" / "config").write_text("concurrency = 3\n")
    env = dict(os.environ, XDG_CONFIG_HOME=str(xdg))
    del env["COFETCH_CONFIG"]
    assert peak_with(server, env=env) == 3
    home = tmp_path / "home"
    (home / ".config" / "cofetch").mkdir(parents=True)
    (home / ".config" / "cofetch" / "config").write_text("concurrency = 4\n")
    env = dict(os.environ, HOME=str(home))
    del env["COFETCH_CONFIG"]
    env.pop("XDG_CONFIG_HOME", None)
    assert peak_with(server, env=env) == 4
    assert peak_with(server, "--no-config", env=env) == 8
    assert peak_with(server, "--config", str(xdg / "cofetch" / "config"), env=env) == 3
    assert peak_with(server, env=dict(env, COFETCH_CONFIG="")) == 8, "set but empty: no file"
    assert peak_with(server, env=dict(env, HOME=str(tmp_path / "nowhere"))) == 8, "a missing default is fine"


def test_mistakes_in_the_file_name_its_line(tmp_path):
    cases = {
        "concurency = 3\n": ':1: unknown key "concurency"',
        "\n# fine\nconcurrency = 0\n": ":3: --concurrency: Value 0 not in range",
        "location = maybe\n": ":1: location is a flag",
        "max-time\n": ":1: max-time needs a value",
        "rate = fast\n": ":1: --rate: takes N, N/s",
        "header = no colon\n": ":1: --header: a header is",
        "version\n": ':1: unknown key "version"',
        "concurrency: 3\n": ':1: expected "concurrency = VALUE"',
    }
    for text, message in cases.items():
        run = cofetch("http://127.0.0.1:9/", env=with_config(tmp_path, text))
        assert run.status == 2, text
        assert str(tmp_path / "config") + message in run.stderr, (text, run.stderr)
        assert run.stdout == ""


def test_a_named_file_must_exist_and_options_of_the_file_may_conflict(tmp_path):
    run = cofetch("http://127.0.0.1:9/", env=dict(os.environ, COFETCH_CONFIG=str(tmp_path / "missing")))
    assert run.status == 2 and "cannot read the configuration file" in run.stderr
    run = cofetch("--config", str(tmp_path), "http://127.0.0.1:9/")
    assert run.status == 2 and "is a directory" in run.stderr
    run = cofetch("http://127.0.0.1:9/", env=with_config(tmp_path, "json\nformat = csv\n"))
    assert run.status == 2 and "with the options of" in run.stderr


def test_help_version_and_summarize_do_not_read_the_file(server, tmp_path):
    env = with_config(tmp_path, "this is not a configuration file\n")
    assert cofetch("--help", env=env).status == 0
    assert cofetch("--version", env=env).status == 0
    results = tmp_path / "results.jsonl"
    assert cofetch("-o", results, server.url("/bytes/3")).status == 0
    assert cofetch("summarize", results, env=env).status == 0
