"""The deploy serves the whole site: `make deploy` (the steps the Dockerfile runs) builds the
package's wheel, installs it into a fresh environment with only the runtime dependencies
(pinned by the lock file) and prepares the database and its inspect file; the ASGI app then
serves it from outside the source tree, writing nothing beside the database."""
import os
import re
import subprocess
import urllib.request

import pytest

from .conftest import ROOT, rows
from .servers import free_port, running


def files(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if "venv" not in p.parts}


@pytest.mark.slow  # ~20 s: builds the wheel and installs it into a fresh environment
def test_make_deploy_serves_the_site_from_a_fresh_environment(tmp_path):
    deploy = tmp_path / "deploy"
    subprocess.run(["make", "-s", "deploy", f"DEPLOY={deploy}"], cwd=ROOT, check=True, capture_output=True)
    env_python = deploy / "venv" / "bin" / "python"
    where = subprocess.run([env_python, "-c", "import datasette_diplofacts, diplofacts.schema as s;"
                            "print(datasette_diplofacts.__file__, s.__file__)"],
                           check=True, cwd=tmp_path, capture_output=True, text=True).stdout.split()
    assert all(path.startswith(str(deploy / "venv" / "lib")) for path in where), where  # the wheel's copy
    installed = subprocess.run([env_python, "-m", "pip", "list", "--format=freeze"], check=True,
                               capture_output=True, text=True).stdout
    assert "pytest" not in installed and "playwright" not in installed  # the runtime only
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split())
    for line in installed.split():
        name, version = line.split("==")
        if name.lower() not in ("diplofacts", "pip"):
            assert pins.get(name.lower(), pins.get(name)) == version, line  # every dependency as locked
    before = files(deploy)
    (source_id,), = rows(deploy / "facts.db", "SELECT id FROM sources ORDER BY id LIMIT 1")
    port = free_port()
    serve = [deploy / "venv" / "bin" / "uvicorn", "diplofacts.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    with running(serve, port, cwd=tmp_path, env={**os.environ, "FACTS_DB": str(deploy / "facts.db")}) as base:
        with urllib.request.urlopen(base + "/about") as about:
            assert about.status == 200
            assert "<h2>How to check a fact by hand</h2>" in about.read().decode()
        with urllib.request.urlopen(f"{base}/facts/sources/{source_id}") as source:
            assert source.status == 200
            assert '<div class="source-text">' in source.read().decode()
        css = urllib.request.urlopen(base + "/-/static-plugins/diplofacts/diplofacts.css").read().decode()
        assert ".source-text mark" in css
    assert files(deploy) == before  # nothing written beside the database: a read-only deploy works


def test_the_container_and_the_unit_run_the_deploy_target():
    dockerfile = (ROOT / "Dockerfile").read_text()
    images = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert images and all(re.search(r"@sha256:[0-9a-f]{64}$", image) for image in images)  # pinned by digest
    assert "RUN make deploy DEPLOY=/srv/diplofacts" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M) and "HEALTHCHECK" in dockerfile
    assert 'CMD ["/srv/diplofacts/venv/bin/uvicorn", "diplofacts.asgi:app"' in dockerfile
    unit = (ROOT / "deploy" / "diplofacts.service").read_text()
    assert "ExecStart=/srv/diplofacts/venv/bin/uvicorn diplofacts.asgi:app" in unit
    assert "Environment=FACTS_DB=/srv/diplofacts/facts.db" in unit
