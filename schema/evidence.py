"""How a curator points at evidence: a source and the exact words, never offsets; and what
each excerpt does for its fact (its role), declared once here for the build, ``facts check``,
the site and the exports."""
from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from .base import Record
from .ids import SourceId, Text


@dataclass(frozen=True)
class Role:
    """What a citation's excerpt does for its fact."""

    name: str
    label: str  # in words, for readers: "states it"
    description: str  # for curators and the schema
    reports: bool  # the source reports the fact: it counts in source_count, "reported by N sources"
    holds_words: bool  # a quote's words must stand in the excerpt
    motivation: str  # the W3C Web Annotation motivation of an annotation with this role


ROLES: tuple[Role, ...] = (
    Role("states", "states it",
         "The passage that reports the fact (the default). For a quote: the quoted words in their sentence, no more.",
         reports=True, holds_words=True, motivation="describing"),
    Role("attributes", "names who said it",
         "A passage naming who spoke or issued it, where the stating passage says only 'he', 'the premier' or "
         "'the statement added'. It stands in the same source as a stating passage, in that passage's "
         "paragraph or one of the three before (or before another attribution of it: 'the PMO said' … 'he added').",
         reports=False, holds_words=False, motivation="identifying"),
    Role("echoes", "prints the words without quoting the speaker",
         "For a quote: a source that prints the words without quoting them as the speaker's (unquoted, or "
         "given to no one). Recorded so a reader finds every printing; not counted as a report.",
         reports=False, holds_words=True, motivation="linking"),
)
ROLES_BY_NAME = {r.name: r for r in ROLES}
CitationRole = Literal["states", "attributes", "echoes"]
if typing.get_args(CitationRole) != tuple(ROLES_BY_NAME):  # one list of roles, in one order
    raise TypeError(f"CitationRole {typing.get_args(CitationRole)} differs from ROLES {tuple(ROLES_BY_NAME)}")
REPORTING_ROLES = tuple(r.name for r in ROLES if r.reports)
WORD_ROLES = tuple(r.name for r in ROLES if r.holds_words)


def roles_sql(names: tuple[str, ...]) -> str:
    """``('states')``: an SQL list of role names, for ``c.role IN …``."""
    return "(" + ", ".join(f"'{n}'" for n in names) + ")"


class Excerpt(Record):
    source: SourceId
    exact: Text = Field(description="The excerpt, copied verbatim from the source.")
    prefix: str | None = Field(
        default=None,
        description="Text just before the excerpt, to tell apart an excerpt that occurs twice.",
    )
    suffix: str | None = Field(
        default=None, description="Text just after the excerpt, for the same purpose."
    )


class CitationRef(Excerpt):
    role: CitationRole = Field(
        default="states", description="; ".join(f"{r.name}: {r.description}" for r in ROLES))


Stance = Literal["as-recorded", "otherwise"]
STANCES: dict[str, str] = {
    "as-recorded": "this source reports the detail as the fact records it (its excerpt may also be the fact's citation)",
    "otherwise": "this source reports it otherwise (its excerpt is never among the fact's citations)",
}


class Claim(Excerpt):
    """One side of a disagreement: what this source says about the disputed detail."""

    says: Text
    stance: Stance = Field(description="; ".join(f"{k}: {v}" for k, v in STANCES.items()) + ".")
