"""What a fact is: the Pydantic models behind every record in ``seeds/``, and one declaration
per kind of record (``kinds.py``) from which the tables (``tables.py``) are derived.

Imported as ``diplofacts.schema``. Nothing here touches files or SQLite. The names of
``__all__`` are loaded from their modules on first use (PEP 562), so that a command that
needs one module (``facts serve``, ``facts --help``) does not build every model.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers see them (``as``: re-exported)
    from .dates import PartialDate as PartialDate
    from .dates import precision_of as precision_of
    from .entities import Entity as Entity
    from .evidence import CitationRef as CitationRef
    from .evidence import Claim as Claim
    from .facts import Agreement as Agreement
    from .facts import Meeting as Meeting
    from .facts import Participant as Participant
    from .facts import Quote as Quote
    from .facts import Statement as Statement
    from .kinds import KINDS as KINDS
    from .kinds import KINDS_BY_NAME as KINDS_BY_NAME
    from .kinds import RECORD_KINDS as RECORD_KINDS
    from .kinds import Disagreement as Disagreement
    from .kinds import FactRef as FactRef
    from .kinds import Kind as Kind
    from .sources import Source as Source

_MODULE_OF = {
    "PartialDate": "dates", "precision_of": "dates", "Entity": "entities", "CitationRef": "evidence",
    "Claim": "evidence", "Agreement": "facts", "Meeting": "facts", "Participant": "facts", "Quote": "facts",
    "Statement": "facts", "KINDS": "kinds", "KINDS_BY_NAME": "kinds", "RECORD_KINDS": "kinds",
    "Disagreement": "kinds", "FactRef": "kinds", "Kind": "kinds", "Source": "sources",
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
