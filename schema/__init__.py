"""What a fact is: the Pydantic models behind every record in ``seeds/``, and one declaration
per kind of record (``kinds.py``) from which the tables (``tables.py``) are derived.

Imported as ``diplofacts.schema``. Nothing here touches files or SQLite.
"""
from .dates import PartialDate, precision_of
from .entities import Entity
from .evidence import CitationRef, Claim
from .facts import Agreement, Meeting, Participant, Quote, Statement
from .kinds import KINDS, KINDS_BY_NAME, RECORD_KINDS, Disagreement, FactRef, Kind
from .sources import Source

__all__ = [
    "KINDS", "KINDS_BY_NAME", "RECORD_KINDS", "Agreement", "CitationRef", "Claim", "Disagreement",
    "Entity", "FactRef", "Kind", "Meeting", "PartialDate", "Participant", "Quote", "Source",
    "Statement", "precision_of",
]
