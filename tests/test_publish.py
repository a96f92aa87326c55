"""The README's production command: the ASGI app under uvicorn with several workers."""
import os
import shutil
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from diplofacts.loaders import build
from diplofacts.loaders.seedsdigest import file_sha256

from .conftest import ROOT
from .servers import children, free_port, running_process


@pytest.mark.slow  # ~6 s: uvicorn with two worker processes, each starting Datasette
def test_asgi_app_under_multi_worker_uvicorn(tmp_path):
    db = tmp_path / "facts.db"
    shutil.copy(ROOT / "facts.db", db)
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "diplofacts.asgi:app", "--workers", "2",
            "--host", "127.0.0.1", "--port", str(port)]
    with running_process(args, port, env={**os.environ, "FACTS_DB": str(db)}, cwd=tmp_path) as (base, server):
        settings = urllib.request.urlopen(base + "/-/settings.json", timeout=10).read().decode()
        assert '"suggest_facets": false' in settings and '"allow_download": true' in settings
        def fetch(_):
            with urllib.request.urlopen(base + "/facts/meetings/putin-imran-khan-call-2021-08-25") as r:
                return r.status, r.headers["Cache-Control"], "See it highlighted" in r.read().decode()

        def has_db_open(pid: int) -> bool:
            return str(db) in {os.path.realpath(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}

        def serving() -> list[int]:  # a worker opens the database on its first request
            return [pid for pid in children(server.pid) if has_db_open(pid)]

        with ThreadPoolExecutor(8) as pool:  # concurrent requests, shared out by the workers
            for _ in range(20):  # at most 480 requests
                assert set(pool.map(fetch, range(24))) == {(200, "public, max-age=60, s-maxage=300", True)}
                if len(serving()) == 2:
                    break
        # two worker processes have served (each opened the database), beside uvicorn's helpers
        assert len(serving()) == 2
        assert (tmp_path / "facts.inspect.json").exists()
        with urllib.request.urlopen(base + "/facts.db") as r:
            assert r.read() == db.read_bytes()


def test_the_build_writes_what_datasette_inspect_would_so_serving_never_hashes(seeds, tmp_path, monkeypatch):
    """`facts build` leaves the inspect file beside the database, made from the digest it took
    of the file it wrote: the same JSON `datasette inspect` prints, and current for serving, so
    that `facts serve` starts without reading the whole file again."""
    import json
    import subprocess

    from click.testing import CliRunner

    from diplofacts import site
    from diplofacts.cli import cli

    db = tmp_path / "facts.db"
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "facts.inspect.json").read_text())
    printed = subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", "-"],
                             check=True, capture_output=True).stdout
    assert written == json.loads(printed)

    def no_hashing(_db):
        raise AssertionError("datasette inspect ran: the build's inspect file was not current")

    monkeypatch.setattr(site, "_inspect", no_hashing)
    assert site._inspected(db) == (tmp_path / "facts.inspect.json", written)


def test_an_inspect_file_is_current_only_for_the_database_its_build_recorded(seeds, tmp_path, monkeypatch):
    """Another build's file of the same size copied over the database, its time put back (as
    `cp -p` leaves it): the inspect file beside it is newer and of its size, but not of its
    digest, so it is made again (it was served, with the previous build's hash and ETags)."""
    import json

    from diplofacts import site

    db, other = tmp_path / "facts.db", tmp_path / "other" / "facts.db"
    other.parent.mkdir()
    build(seeds, other)
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("summary: Alpha called Beta.", "summary: Alpha phoned Beta."))
    build(seeds, db)
    site.write_built_inspect(db, file_sha256(db))
    assert site._found(db) == (site.beside(db), json.loads(site.beside(db).read_text()))
    assert os.stat(other).st_size == os.stat(db).st_size
    then = os.stat(db).st_mtime_ns - 10**9
    with open(db, "r+b") as f:  # the same inode, another build's bytes, the time put back
        f.write(other.read_bytes())
    os.utime(db, ns=(then, then))
    assert os.stat(site.beside(db)).st_mtime_ns > os.stat(db).st_mtime_ns
    made = []
    monkeypatch.setattr(site, "_inspect", lambda path: made.append(path) or {"facts": {"hash": file_sha256(path)}})
    assert site._found(db) is None
    assert site._inspected(db)[1] == {"facts": {"hash": file_sha256(other)}} and made == [db]
