"""Partial ISO 8601 dates: ``2021``, ``2021-04`` or ``2021-08-25``, with their precision."""
from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, WithJsonSchema

Precision = Literal["year", "month", "day"]

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _coerce(value: object) -> str:
    # YAML reads an unquoted 2021-08-25 as a date and 2021 as an int: accept both.
    if isinstance(value, datetime.datetime):
        raise ValueError("give a date, not a date and time")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date must be YYYY, YYYY-MM or YYYY-MM-DD")
    match = _PARTIAL.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return value


PartialDate = Annotated[str, BeforeValidator(_coerce), WithJsonSchema({
    "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer", "minimum": 1, "maximum": 9999}],
    "description": "YYYY, YYYY-MM or YYYY-MM-DD (a partial date keeps its precision)",
})]


def precision_of(date: str | None) -> Precision | None:
    """The precision a partial date carries: ``2021-04`` is April 2021, not 1 April."""
    if date is None:
        return None
    return ("year", "month", "day")[date.count("-")]
