"""Identifiers: readable slugs, Wikidata ids, SHA-256 digests, and references between records.

A field that names another record is typed with ``Ref``: ``speaker: EntityId`` says once that
a speaker is an entity's id. Foreign keys, the build's reference checks and the site's lists
of who took part in a fact are all derived from these annotations (see ``refs.py``)."""
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", max_length=120),
]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, StringConstraints(min_length=1)]


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the ``id`` of a row of ``table``."""

    table: str


EntityId = Annotated[Slug, Ref("entities")]
SourceId = Annotated[Slug, Ref("sources")]
MeetingId = Annotated[Slug, Ref("meetings")]
StatementId = Annotated[Slug, Ref("statements")]
