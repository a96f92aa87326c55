"""The wheel serves the whole site: built, installed into a fresh environment with only the
runtime dependencies (pinned by the lock file), and served from outside the source tree."""
import shutil
import subprocess
import sys
import urllib.request

import pytest

from .conftest import ROOT, rows
from .servers import free_port, running


@pytest.mark.slow  # ~30 s: builds the wheel and installs it into a fresh environment
def test_the_installed_wheel_serves_about_and_source_pages(tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    # from a copy of the tree, so no build/ folder left by an earlier build can fill gaps
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "tests", "benchmarks", "*.db", "__pycache__"))
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", tmp_path / "dist", tree],
                   check=True, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("diplofacts-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", tmp_path / "env"], check=True)
    env_python = tmp_path / "env" / "bin" / "python"
    subprocess.run([*pip, "--python", env_python, "install", wheel, "-c", ROOT / "requirements.lock"],
                   check=True, cwd=tmp_path)
    where = subprocess.run([env_python, "-c", "import datasette_diplofacts, diplofacts.schema as s;"
                            "print(datasette_diplofacts.__file__, s.__file__)"],
                           check=True, cwd=tmp_path, capture_output=True, text=True).stdout.split()
    assert all(path.startswith(str(tmp_path / "env" / "lib")) for path in where), where  # the wheel's copy
    shutil.copy(ROOT / "facts.db", tmp_path / "facts.db")
    (source_id,), = rows(tmp_path / "facts.db", "SELECT id FROM sources ORDER BY id LIMIT 1")
    port = free_port()
    serve = [tmp_path / "env" / "bin" / "facts", "serve", "facts.db", "-p", str(port)]
    with running(serve, port, cwd=tmp_path) as base:
        with urllib.request.urlopen(base + "/about") as about:
            assert about.status == 200
            assert "<h2>How to check a fact by hand</h2>" in about.read().decode()
        with urllib.request.urlopen(f"{base}/facts/sources/{source_id}") as source:
            assert source.status == 200
            assert '<div class="source-text">' in source.read().decode()
        css = urllib.request.urlopen(base + "/-/static-plugins/diplofacts/diplofacts.css").read().decode()
        assert ".source-text mark" in css
