"""A synthetic extra kind of fact, "sanction", declared as a newcomer would declare it in
``schema/kinds.py``: its one line is ``measure`` (a summary named otherwise), its place is
``venue`` (a place named otherwise), and it has an actor (``imposer``) and a recipient
(``target``); and a new optional reference column on an existing kind (a meeting's
``venue``). ``install()`` makes both declarations before anything derives from the kinds, so
that the tables, the build, the check, lint, the site and every export see them as they would
see declarations in the schema.

Run as a script (``python -m tests.extra_kind SEEDS DB``), it installs the kind, builds SEEDS
into DB, checks and lints it, then visits every page and export of a Datasette serving it and
prints what it saw as JSON: this runs in its own process (the kinds are read at import time)."""
from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from diplofacts.schema import eventcodes, kinds
from diplofacts.schema.columns import Column, Table
from diplofacts.schema.eventcodes import PloverType
from diplofacts.schema.facts import CameoCode, Fact, Meeting
from diplofacts.schema.ids import EntityId, Text


class Sanction(Fact):
    type: Literal["sanction"] = "sanction"
    imposer: EntityId
    target: EntityId
    venue: EntityId | None = None
    measure: Text = Field(description="What was imposed, in one sentence.")
    cameo: CameoCode | None = None
    plover_type: PloverType | None = Field(default=None, validate_default=True)

    @field_validator("plover_type")
    @classmethod
    def _plover_agrees_with_cameo(cls, value: str | None, info: ValidationInfo) -> str | None:
        problem = eventcodes.plover_problem(info.data.get("cameo"), value)
        if problem:
            raise ValueError(problem)
        return eventcodes.plover_type(info.data["cameo"]) if info.data.get("cameo") else value


SANCTION = kinds.Kind(
    Sanction,
    Table(
        "sanctions", "Sanctions one party imposed on another.",
        (
            Column("id", str, "Readable slug of the sanction.", not_null=True),
            *kinds.dated("sanction"),
            Column("imposer_id", str, "Who imposed it.", not_null=True, field="imposer", means="actor"),
            Column("target_id", str, "On whom.", not_null=True, field="target", means="recipient"),
            Column("venue_id", str, "Where it was announced, where stated.", field="venue", means="place"),
            Column("measure", str, "What was imposed.", not_null=True, means="summary"),
            *kinds.coded(),
            *kinds.tail("sanction"),
        ),
        pk="id", indexes=(("date",), ("month",), ("imposer_id",), ("target_id",)),
        fts=("measure",), label_column="measure", sort="date", facets=("imposer_id", "month"),
    ),
    kinds.CITATIONS,
)


class MeetingWithVenue(Meeting):
    """A meeting with an optional ``venue``: a new reference column on an existing kind."""

    venue: EntityId | None = None


def _with_venue(meeting: kinds.Kind) -> kinds.Kind:
    columns = list(meeting.table.columns)
    at = meeting.table.column_names.index("place_id") + 1
    columns.insert(at, Column("venue_id", str, "The building or hall, where stated.", field="venue", means="place"))
    return kinds.Kind(MeetingWithVenue, replace(meeting.table, columns=tuple(columns)), meeting.evidence, meeting.links)


def install() -> None:
    """Add the sanction to the kinds and the venue to meetings, as declaring them in
    ``schema/kinds.py`` would. Must run before any module that derives from the kinds is
    imported."""
    derived = [name for name in ("diplofacts.schema.tables", "diplofacts.loaders", "datasette_diplofacts")
               if name in sys.modules]
    if derived:
        raise RuntimeError(f"install() must run before {', '.join(derived)} is imported")
    kinds.MEETING = _with_venue(kinds.MEETING)
    kinds.KINDS = (kinds.MEETING, *kinds.KINDS[1:], SANCTION)
    kinds.KINDS_BY_NAME.update({k.name: k for k in kinds.KINDS})
    kinds.KINDS_BY_TABLE.update({k.table.name: k for k in kinds.KINDS})
    kinds.RECORD_KINDS = (*kinds.KINDS, kinds.DISAGREEMENT)
    kinds.RECORD_KINDS_BY_TABLE.clear()
    kinds.RECORD_KINDS_BY_TABLE.update({k.table.name: k for k in kinds.RECORD_KINDS})
    import diplofacts.schema as schema

    schema.KINDS, schema.RECORD_KINDS = kinds.KINDS, kinds.RECORD_KINDS


def pages(tables: list[str], rows: dict[str, list[str]], queries: list[str], entity: str, source: str) -> list[str]:
    """Every page and export of the site: home, search, the database, every table (HTML, JSON
    and CSV), every row page, every canned query, every download and feed."""
    out = ["/", "/-/search?q=embargo", "/-/search?q=", "/facts", "/-/downloads", "/datapackage.json",
           "/-/meetings.ics", "/-/facts.atom", f"/-/entities/{entity}.atom", "/-/events.plover.jsonl",
           "/-/annotations.jsonld", "/-/annotations.jsonld?page=0", f"/-/annotations/{source}.jsonld",
           f"/-/sources/{source}.txt", "/-/events.partial-dates.jsonl",
           f"/-/entity?name={entity}", "/facts/search?q=embargo", "/facts/entity_record?entity=alpha",
           "/facts/meetings_between?a=alpha&b=beta"]
    for table in tables:
        out += [f"/facts/{table}", f"/facts/{table}.json", f"/facts/{table}.csv"]
    for table, ids in rows.items():
        out += [f"/facts/{table}/{i}" for i in ids]
    out += [f"/facts/{q}" for q in queries]
    return out


async def visit(db_path: Path) -> dict:
    from datasette.app import Datasette

    from datasette_diplofacts.queries import QUERIES
    from diplofacts.schema.tables import TABLES
    from diplofacts.site import SETTINGS

    ds = Datasette(immutables=[str(db_path)], settings=SETTINGS)
    await ds.invoke_startup()
    db = ds.get_database("facts")
    rows = {t: [r[0] for r in await db.execute(f"SELECT id FROM [{t}] ORDER BY id")]
            for t in ("sources", "entities", *(k.table.name for k in kinds.KINDS), "disagreements")}
    seen = {}
    for path in pages([t.name for t in TABLES], rows, list(QUERIES), "geneva", "sanctions-announced"):
        response = await ds.client.get(path)
        seen[path] = {"status": response.status_code, "text": response.text}
    return seen


def main(seeds: Path, db_path: Path) -> None:
    install()
    from diplofacts.loaders import build
    from diplofacts.loaders.check import check
    from diplofacts.loaders.draft import draft_text
    from diplofacts.loaders.lint import lint

    build(seeds, db_path)
    report = {"check": [str(p) for p in check(db_path)], "lint": [str(p) for p in lint(db_path)],
              "draft": draft_text(seeds, "sanctions-announced"), "pages": asyncio.run(visit(db_path))}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
