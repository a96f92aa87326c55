"""The version of the code that shapes a database: a digest of the schema and loader modules.

Stored in ``build_info`` beside the seeds' digest, so ``facts build --if-changed`` rebuilds
after a change to what a fact is or how it is written, not only after a change to the seeds."""
from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

PACKAGES = ("diplofacts.schema", "diplofacts.loaders")


@cache
def code_digest() -> str:
    outer = hashlib.sha256()
    for package in PACKAGES:
        files = sorted((f for f in resources.files(package).iterdir() if f.name.endswith(".py")),
                       key=lambda f: f.name)
        for f in files:
            outer.update(f"{package}/{f.name} {hashlib.sha256(f.read_bytes()).hexdigest()}\n".encode())
    return outer.hexdigest()
