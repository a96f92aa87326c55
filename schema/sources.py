"""A source document: the evidence every fact rests on."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Literal

from pydantic import Field, field_validator

from .base import Record
from .dates import PartialDate
from .ids import Sha256, Slug, Text

SourceKind = Literal[
    "news-report", "analysis", "official-readout", "press-release", "transcript", "other"
]


class Source(Record):
    id: Slug
    file: Text = Field(description="Path of the document, relative to seeds/sources/.")
    sha256: Sha256 = Field(description="SHA-256 of the file's bytes, as registered.")
    title: Text
    publisher: str | None = Field(default=None, description="The outlet that published it, as verified.")
    author: str | None = Field(default=None, description="The byline, where the published article shows one.")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    published: PartialDate | None = None
    retrieved: PartialDate | None = Field(
        default=None, description="When the document, or its published address, was last checked against this copy.")
    language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    kind: SourceKind
    notes: str | None = None

    @field_validator("file")
    @classmethod
    def _inside_sources(cls, value: str) -> str:
        path = PurePosixPath(value)
        if path.is_absolute() or "\\" in value or "\0" in value or ".." in path.parts or value.startswith("~"):
            raise ValueError(f"{value!r} is not a path inside seeds/sources/ (no absolute path, no '..')")
        return value
