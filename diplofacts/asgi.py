"""The fact site as an ASGI application, for a multi-worker server:

    FACTS_DB=facts.db uvicorn diplofacts.asgi:app --workers "$(nproc)" --host 0.0.0.0 --port 8001

One worker per core: a worker uses at most about one core (docs/site-and-downloads.md).

Each worker opens the immutable database read-only; run replicas of the same file behind a
load balancer to scale out. It starts on a read-only file system (the inspect data is then
kept in memory). FACTS_SQL=off turns off SQL typed by readers (the preset queries remain).
"""
from __future__ import annotations

import os
from pathlib import Path

from datasette.app import Datasette

from .loaders.inplace import hold_for_serving, recover
from .site import load_inspect, settings

DB = Path(os.environ.get("FACTS_DB", "facts.db"))
SQL = os.environ.get("FACTS_SQL", "on").strip().lower() not in ("off", "0", "no", "false")
READERS = hold_for_serving(DB)  # each worker's, for its life: no build writes into the file it serves
recover(DB)  # what a build killed while writing in place left, rolled back before it is opened immutable

app = Datasette(
    immutables=[str(DB)],
    inspect_data=load_inspect(DB),
    settings=settings(SQL),
).app()
