"""cmake --install, the library from an installed prefix, the example built on
it, and the Debian package installed for real."""

import os
import re
import subprocess

import pytest

from conftest import BUILD_DIR, ROOT

# The sanitizer build's library needs the sanitizer runtime in every program that
# links it, and its package would be a sanitizer build: both are Release matters.
release_only = pytest.mark.release_only


def run(*args, **kwargs):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    where = tmp_path_factory.mktemp("prefix")
    run("cmake", "--install", BUILD_DIR, "--prefix", where)
    return where


def test_install_puts_the_command_its_docs_and_the_library_in_place(prefix):
    for path in ["bin/cofetch", "share/man/man1/cofetch.1", "share/bash-completion/completions/cofetch",
                 "share/zsh/site-functions/_cofetch", "share/fish/vendor_completions.d/cofetch.fish",
                 "share/doc/cofetch/README.md", "include/cofetch/cofetch.hpp", "include/cofetch/version.hpp",
                 "include/cofetch/http/session.hpp", "lib/libcofetch.a", "lib/cmake/cofetch/cofetchConfig.cmake",
                 "lib/cmake/cofetch/cofetchConfigVersion.cmake"]:
        assert (prefix / path).is_file(), path
    assert run(prefix / "bin/cofetch", "--version").stdout.startswith("cofetch 0.1.0\n")
    found = run("man", "-w", "cofetch", env=dict(os.environ, MANPATH=str(prefix / "share/man")))
    assert found.stdout.strip() == str(prefix / "share/man/man1/cofetch.1")
    for header in (prefix / "include/cofetch").rglob("*.hpp"):
        for included in re.findall(r'#include "([^"]+)"', header.read_text()):
            assert (prefix / "include" / included).is_file(), f"{header.name} includes {included}"


def check_gather(program, server):
    """The example fetches three URLs at once: about as long as one, not three."""
    urls = [server.url(f"/delay/500?g={i}") for i in range(3)]
    done = run(program, *urls)
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["200", "200", "200"]
    assert [line.split()[-1] for line in lines[:3]] == urls, "results in the order asked"
    took_ms = float(re.fullmatch(r"3 URLs in ([\d.]+) ms \(cofetch 0\.1\.0\)", lines[3]).group(1))
    assert 500 <= took_ms < 1200, "concurrently: one at a time would take 1500 ms"
    failed = subprocess.run([str(program), urls[0], "http://127.0.0.1:9/", "ftp://x/"], capture_output=True,
                            text=True, timeout=60)
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[1].startswith("connect  http://127.0.0.1:9/")
    assert failed.stdout.splitlines()[2].startswith("invalid_url  ftp://x/")


def test_the_example_built_in_the_tree_gathers_three_fetches(server):
    check_gather(BUILD_DIR / "examples/library/gather", server)


@release_only
def test_find_package_builds_a_consumer_against_the_installed_prefix(prefix, tmp_path, server):
    consumer = tmp_path / "consumer"
    run("cmake", "-S", ROOT / "examples/library", "-B", consumer, f"-DCMAKE_PREFIX_PATH={prefix}",
        "-DCMAKE_BUILD_TYPE=Release")
    run("cmake", "--build", consumer, "-j", "2")
    cache = (consumer / "CMakeCache.txt").read_text()
    assert f"cofetch_DIR:PATH={prefix}/lib/cmake/cofetch" in cache, "found the installed package"
    assert str(ROOT / "include") not in (consumer / "CMakeFiles").joinpath(
        "gather.dir", "flags.make").read_text(), "compiled against the installed headers"
    check_gather(consumer / "gather", server)


def dpkg_field(deb, field):
    return run("dpkg-deb", "-f", deb, field).stdout.strip()


@release_only
@pytest.mark.needs("dpkg-shlibdeps", "dpkg-dev")
def test_cpack_builds_debian_packages_that_install_run_and_remove(tmp_path):
    run("cpack", "-G", "DEB", "--config", BUILD_DIR / "CPackConfig.cmake", "-B", tmp_path)
    [command] = tmp_path.glob("cofetch_0.1.0_*.deb")
    [library] = tmp_path.glob("cofetch-dev_0.1.0_*.deb")
    depends = dpkg_field(command, "Depends")
    for package in ["libcurl4", "libuv1", "libc6"]:
        assert re.search(rf"\b{package}\b", depends), depends
    files = run("dpkg-deb", "-c", command).stdout
    for path in ["./usr/bin/cofetch", "./usr/share/man/man1/cofetch.1", "./usr/share/bash-completion/completions/cofetch",
                 "./usr/share/zsh/vendor-completions/_cofetch", "./usr/share/fish/vendor_completions.d/cofetch.fish"]:
        assert path in files, path
    assert "./usr/include/cofetch/cofetch.hpp" in run("dpkg-deb", "-c", library).stdout
    assert "libuv1-dev" in dpkg_field(library, "Depends")

    if os.geteuid() != 0:
        pytest.skip("installing the package needs root")
    if subprocess.run(["dpkg", "-s", "cofetch"], capture_output=True).returncode == 0:
        pytest.skip("a cofetch package is installed already; it is left alone")
    run("dpkg", "-i", command)
    try:
        assert run("/usr/bin/cofetch", "--version").stdout.startswith("cofetch 0.1.0\nlibcurl ")
        assert run("man", "-w", "cofetch").stdout.strip() == "/usr/share/man/man1/cofetch.1"
    finally:
        run("dpkg", "-r", "cofetch")
    assert not os.path.exists("/usr/bin/cofetch")
    assert subprocess.run(["dpkg", "-s", "cofetch"], capture_output=True).returncode != 0
