"""How a curator points at evidence: a source and the exact words, never offsets."""
from __future__ import annotations

from pydantic import Field

from .base import Record
from .ids import SourceId, Text


class CitationRef(Record):
    source: SourceId
    exact: Text = Field(description="The excerpt, copied verbatim from the source.")
    prefix: str | None = Field(
        default=None,
        description="Text just before the excerpt, to tell apart an excerpt that occurs twice.",
    )
    suffix: str | None = Field(
        default=None, description="Text just after the excerpt, for the same purpose."
    )


class Claim(CitationRef):
    """One side of a disagreement: what this source says about the disputed detail."""

    says: Text
