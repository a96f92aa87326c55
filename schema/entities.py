"""People, organizations, countries, places and diplomatic formats."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints, field_validator

from .base import Record
from .ids import Slug, Text, WikidataId

EntityKind = Literal["person", "organization", "country", "place", "format"]
# ISO 3166-1 alpha-3: the three capital letters of a state (PAK, RUS, CHN)
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Entity(Record):
    id: Slug
    name: Text
    kind: EntityKind
    aliases: list[Text] = []
    wikidata: WikidataId | None = None
    # the state it is (a country) or represents (its head of government, its foreign office),
    # as the sources make clear; left out where they do not (a movement, an international body)
    country: CountryCode | None = None
    description: str | None = None

    @field_validator("aliases")
    @classmethod
    def _distinct(cls, aliases: list[str]) -> list[str]:
        seen = [a for i, a in enumerate(aliases) if a in aliases[:i]]
        if seen:
            raise ValueError(f"alias listed twice: {seen[0]!r}")
        return aliases
