"""What a build records of itself in the ``build_info`` table, typed: written by the build
(full or incremental) and read by the build, the check and the site, all through this model.

The table holds one ``key``/``value`` row per field: the digests as hex, ``built_at`` as
ISO 8601 in UTC, ``fact_files`` as a JSON object (path under seeds/ -> digest), and each
count as its own ``count_<table>`` row (``count_facts`` is every fact of every kind), so that
SQL can read any one of them."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

COUNT_PREFIX = "count_"


class BuildInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    seeds_sha256: str = ""  # every seeds file: what ``build --if-changed`` compares
    code_sha256: str = ""  # the code that built it (schema/ and loaders/)
    base_sha256: str = ""  # everything but the fact files and the history: an incremental build needs it unchanged
    history_sha256: str = ""  # seeds/history.jsonl as the build left it: fact_revisions is made from it
    built_at: str = ""  # when, in UTC (SOURCE_DATE_EPOCH's time where set)
    fact_files: dict[str, str] = {}  # the digest of each fact file, for incremental builds and checks
    counts: dict[str, int] = {}  # rows of each table counted, and ``facts``

    # keys whose values differ between two builds of the same seeds by the same code
    UNSTABLE: ClassVar[tuple[str, ...]] = ("built_at",)

    def rows(self) -> list[dict[str, str]]:
        """Its rows in the table, by key."""
        values = {"seeds_sha256": self.seeds_sha256, "code_sha256": self.code_sha256, "base_sha256": self.base_sha256,
                  "history_sha256": self.history_sha256,
                  "built_at": self.built_at, "fact_files": json.dumps(self.fact_files, sort_keys=True),
                  **{f"{COUNT_PREFIX}{name}": str(n) for name, n in self.counts.items()}}
        return [{"key": k, "value": v} for k, v in sorted(values.items())]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> BuildInfo:
        """Read from the table's (key, value) rows. A row it does not know, or a value of the
        wrong shape, raises ``ValueError`` naming it."""
        values: dict[str, object] = {}
        counts: dict[str, str] = {}
        for key, value in rows:
            if key.startswith(COUNT_PREFIX):
                counts[key[len(COUNT_PREFIX):]] = value
            elif key == "fact_files":
                try:
                    values[key] = json.loads(value)
                except ValueError:
                    raise ValueError("build_info fact_files: not JSON") from None
            else:
                values[key] = value
        try:
            return cls.model_validate({**values, "counts": counts})
        except ValidationError as exc:
            where = ", ".join(".".join(str(p) for p in e["loc"]) + f": {e['msg']}" for e in exc.errors())
            raise ValueError(f"build_info {where}") from None

    def count(self, table: str) -> int | None:
        return self.counts.get(table)
