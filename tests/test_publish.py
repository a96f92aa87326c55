"""The README's production command: the ASGI app under uvicorn with several workers."""
import os
import shutil
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

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
