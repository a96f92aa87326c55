"""Dates as a reader sees them: no more precise than they are, and saying when they are inferred."""
from __future__ import annotations

from markupsafe import Markup, escape

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BASIS = {"stated": "stated by the source", "relative": "resolved from the source's own words",
         "inferred": "inferred from other facts or context", "unknown": "no date can be derived"}


def date_text(date: str | None, basis: str | None = None) -> str:
    """'2021-08-25' -> '25 Aug 2021'; '2021-08' inferred -> 'Aug 2021 (inferred)'; none -> 'date unknown'."""
    if not date:
        return "date unknown"
    parts = date.split("-")
    text = " ".join([*([str(int(parts[2]))] if len(parts) > 2 else []),
                     *([MONTHS[int(parts[1]) - 1]] if len(parts) > 1 else []), parts[0]])
    return text + (" (inferred)" if basis == "inferred" else "")


def date_html(date: str | None, basis: str | None = None) -> Markup:
    """A ``<time>`` with the date as shown and how it was derived on hover."""
    if not date:
        return Markup('<span class="date unknown">date unknown</span>')
    return Markup(f'<time datetime="{escape(date)}" class="date {escape(basis or "")}" '
                  f'title="{escape(BASIS.get(basis or "", ""))}">{escape(date_text(date, basis))}</time>')
