"""A fact's history: every revision since it was first published, kept in
``seeds/history.jsonl`` (one revision a line, appended by the build, committed by curators)
and published as the table ``fact_revisions``.

A revision says when (``at``, UTC), what (``change``: added, corrected, replaced, withdrawn)
and why (``reason``, the curator's words). An addition carries the fact as it was published
(``after``); a correction the fields that changed, each as [before, after]; a replacement
the fact that now holds it (``by``: renamed, or merged into another); a withdrawal may name
where its evidence now is (``see``). Replaying a fact's revisions gives the fact as it stands,
which ``facts check`` compares with the database. Nothing here touches files or SQLite.
"""
from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import Record
from .columns import Column, Table
from .ids import Slug
from .kinds import FactRef

Change = Literal["added", "corrected", "replaced", "withdrawn"]
CHANGES: dict[str, str] = {
    "added": "first published",
    "corrected": "one or more fields changed",
    "replaced": "renamed, or merged into another fact: its address redirects there",
    "withdrawn": "removed: its address answers 410 Gone, saying why",
}
# ISO 8601 in UTC to the second, as the build writes it: 2026-12-07T10:02:33+00:00
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+00:00|Z)$"


class Revision(Record):
    """One line of ``seeds/history.jsonl``."""

    type: str = Field(description="Kind of the fact: meeting, statement, agreement or quote.")
    id: Slug
    at: str = Field(description="When the build first published the revision: UTC, ISO 8601, to the second.",
                    json_schema_extra={"pattern": TIMESTAMP})
    change: Change
    after: dict[str, Any] | None = Field(
        default=None, description="The fact as it stood after this revision (given for an addition).")
    fields: dict[str, tuple[Any, Any]] | None = Field(
        default=None, description="For a correction: each changed field as [before, after].")
    by: FactRef | None = Field(default=None, description="For a replacement: the fact that now holds it.")
    see: FactRef | None = Field(default=None, description="For a withdrawal: where its evidence now is, if anywhere.")
    reason: str | None = Field(default=None, description="Why, in the curator's words.")

    @field_validator("at")
    @classmethod
    def _a_time(cls, value: str) -> str:
        if not re.fullmatch(TIMESTAMP, value):
            raise ValueError(f"{value!r} is not a time in UTC to the second, like 2026-12-07T10:02:33+00:00")
        return value

    @model_validator(mode="after")
    def _says_what_changed(self):
        from .kinds import KINDS_BY_NAME

        if self.type not in KINDS_BY_NAME:
            raise ValueError(f"unknown kind of fact {self.type!r} (expected {', '.join(KINDS_BY_NAME)})")
        wanted = {"added": "after", "corrected": "fields", "replaced": "by"}.get(self.change)
        if wanted and not getattr(self, wanted) and not (self.change == "corrected" and self.after):
            raise ValueError(f"a revision '{self.change}' needs '{wanted}'")
        if self.by is not None and self.change != "replaced":
            raise ValueError("'by' is for a revision 'replaced'")
        if self.see is not None and self.change != "withdrawn":
            raise ValueError("'see' is for a revision 'withdrawn'")
        if self.fields is not None and self.change != "corrected":
            raise ValueError("'fields' is for a revision 'corrected'")
        return self


FACT_REVISIONS = Table(
    "fact_revisions", "Every fact's history since it was first published: additions, corrections (each field "
    "before and after), renamings and merges (the old address redirects), withdrawals (the old address "
    "answers 410), each with its time and the curator's reason. Made from seeds/history.jsonl.",
    (
        Column("fact_type", str, "Kind of the fact, as in facts.type.", not_null=True),
        Column("fact_id", str, "Id of the fact (a replaced or withdrawn id is in no other table).", not_null=True),
        Column("revision", int, "1 for the fact's first revision in the history, then 2, 3…", not_null=True),
        Column("at", str, "When it was published, in UTC (ISO 8601).", not_null=True),
        Column("change", str, "; ".join(f"{k}: {v}" for k, v in CHANGES.items()) + ".", not_null=True),
        Column("changed", str, "For a correction, a JSON object: each changed field as [before, after]."),
        Column("snapshot", str, "The fact's curated fields as a JSON object: after this revision; for a "
               "replacement or withdrawal, as it last stood; NULL where the history does not record it."),
        Column("reason", str, "Why, in the curator's words."),
        Column("replaced_by_type", str, "For a replacement: kind of the fact that now holds it."),
        Column("replaced_by_id", str, "For a replacement: id of the fact that now holds it."),
        Column("see_type", str, "For a withdrawal: kind of a fact where its evidence now is."),
        Column("see_id", str, "For a withdrawal: id of a fact where its evidence now is."),
    ),
    pk=("fact_type", "fact_id", "revision"), indexes=(("at",), ("fact_id",), ("replaced_by_type", "replaced_by_id")),
    sort="at",
)
