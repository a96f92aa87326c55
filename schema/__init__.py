"""What a fact is: the Pydantic models behind every record in ``seeds/``.

Imported as ``diplofacts.schema``. Nothing here touches files or SQLite.
"""
from .dates import PartialDate, precision_of
from .entities import Entity
from .evidence import CitationRef, Claim
from .facts import (
    FACT_MODELS,
    Agreement,
    Disagreement,
    FactRef,
    Meeting,
    Participant,
    Quote,
    Statement,
)
from .sources import Source

__all__ = [
    "FACT_MODELS", "Agreement", "CitationRef", "Claim", "Disagreement",
    "Entity", "FactRef", "Meeting", "PartialDate", "Participant", "Quote", "Source",
    "Statement", "precision_of",
]
