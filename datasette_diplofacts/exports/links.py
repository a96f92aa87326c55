"""Absolute addresses of the site's pages, and curated text made readable, for the exports."""
from __future__ import annotations

from dataclasses import dataclass

from diplofacts.schema.kinds import KINDS_BY_NAME

from ..siteurl import absolute, row_url


@dataclass(frozen=True)
class Links:
    """Absolute addresses of the site's pages, as a request to this site sees them."""

    datasette: object
    request: object
    database: str

    def _absolute(self, path: str) -> str:
        return absolute(self.datasette, self.request, path)

    def fact(self, kind: str, fact_id: str) -> str:
        return self._absolute(row_url(self.datasette, self.database, KINDS_BY_NAME[kind].table.name, fact_id))

    def source(self, source_id: str) -> str:
        return self._absolute(row_url(self.datasette, self.database, "sources", source_id))

    def entity(self, entity_id: str) -> str:
        return self._absolute(row_url(self.datasette, self.database, "entities", entity_id))

    def site(self, path: str) -> str:
        """``path`` from the site's root (``/-/meetings.ics``), under its base_url."""
        return self._absolute(self.datasette.urls.path(path))  # type: ignore[attr-defined]

    def table(self, table: str, suffix: str = "") -> str:
        return self._absolute(self.datasette.urls.table(self.database, table) + suffix)  # type: ignore[attr-defined]
