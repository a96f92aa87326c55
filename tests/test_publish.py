"""The README's production command: the ASGI app under uvicorn with several workers."""
import os
import shutil
import sys
import urllib.request

from .conftest import ROOT
from .servers import free_port, running


def test_asgi_app_under_multi_worker_uvicorn(tmp_path):
    db = tmp_path / "facts.db"
    shutil.copy(ROOT / "facts.db", db)
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "diplofacts.asgi:app", "--workers", "2",
            "--host", "127.0.0.1", "--port", str(port)]
    with running(args, port, env={**os.environ, "FACTS_DB": str(db)}, cwd=tmp_path) as base:
        settings = urllib.request.urlopen(base + "/-/settings.json", timeout=10).read().decode()
        assert '"suggest_facets": false' in settings and '"allow_download": true' in settings
        for _ in range(6):  # requests spread over both workers
            with urllib.request.urlopen(base + "/facts/meetings/putin-imran-khan-call-2021-08-25") as r:
                assert r.status == 200
                assert r.headers["Cache-Control"] == "max-age=600"
                assert "See it highlighted" in r.read().decode()
        assert (tmp_path / "facts.inspect.json").exists()
        with urllib.request.urlopen(base + "/facts.db") as r:
            assert r.read() == db.read_bytes()
