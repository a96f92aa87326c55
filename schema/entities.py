"""People, organizations, countries, places and diplomatic formats."""
from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from .base import Record
from .ids import Slug, Text, WikidataId

EntityKind = Literal["person", "organization", "country", "place", "format"]


class Entity(Record):
    id: Slug
    name: Text
    kind: EntityKind
    aliases: list[Text] = []
    wikidata: WikidataId | None = None
    description: str | None = None

    @field_validator("aliases")
    @classmethod
    def _distinct(cls, aliases: list[str]) -> list[str]:
        seen = [a for i, a in enumerate(aliases) if a in aliases[:i]]
        if seen:
            raise ValueError(f"alias listed twice: {seen[0]!r}")
        return aliases
