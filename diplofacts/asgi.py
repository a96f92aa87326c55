"""The fact site as an ASGI application, for a multi-worker server:

    FACTS_DB=facts.db uvicorn diplofacts.asgi:app --workers 4 --host 0.0.0.0 --port 8001

Each worker opens the immutable database read-only; run replicas of the same file behind a
load balancer to scale out.
"""
from __future__ import annotations

import os
from pathlib import Path

from datasette.app import Datasette

from .site import SETTINGS, load_inspect

DB = Path(os.environ.get("FACTS_DB", "facts.db"))

app = Datasette(
    immutables=[str(DB)],
    inspect_data=load_inspect(DB),
    settings=SETTINGS,
).app()
