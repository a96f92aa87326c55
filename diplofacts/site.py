"""How the read-only fact site is served: one set of settings for `facts serve` (one
process) and `diplofacts.asgi` (an ASGI app for a multi-worker server)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Fit for a public site: bounded queries, cacheable pages, the database downloadable,
# and no facet suggestions (scans nobody asked for; see benchmarks/README.md).
SETTINGS: dict[str, object] = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "default_page_size": 25,
    "default_facet_size": 10,
    "default_cache_ttl": 600,
    "allow_download": True,
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
}


def inspect_file(db_path: Path) -> Path:
    """``<db>.inspect.json`` beside the database, (re)made when older than the database:
    Datasette then trusts its hash and table counts instead of scanning the file at start."""
    target = db_path.with_name(db_path.stem + ".inspect.json")
    if not target.exists() or target.stat().st_mtime < db_path.stat().st_mtime:
        partial = target.with_name(f".{target.name}.{os.getpid()}")  # workers may race here
        subprocess.run(
            [sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(partial)],
            check=True,
        )
        os.replace(partial, target)
    return target


def serve_args(db_path: Path, host: str, port: int) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
            "--inspect-file", str(inspect_file(db_path)), "-h", host, "-p", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args


def load_inspect(db_path: Path) -> dict:
    return json.loads(inspect_file(db_path).read_text())
