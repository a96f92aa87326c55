"""The preset charts, drawn on the server as SVG for the width they are shown at: names, not
slugs; a time axis with every month on it, so gaps show; meetings that did not take place set
apart from those that did; every bar a link to the facts behind it; and every fact left out
counted in a note under the chart.

Each chart reads the rows of its canned query (``QUERIES[name]["chart"]`` says which columns),
so what is drawn is exactly what the table under it lists.

The drawings have no ``viewBox``: positions along the width are percentages of the width the
chart is shown at, and sizes across it (text, bar heights) are CSS pixels, so text is the same
size on a phone as on a laptop (13 px, ticks 12 px), nothing is scaled down or cut off, and the
chart never scrolls sideways. Bars' labels stand on a line of their own, above their bar, so
they are never clipped; the legend is HTML, and wraps."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from .dates import MONTHS

COLORS = {"meeting": "#1f77b4", "statement": "#b35900", "agreement": "#2a7d34", "quote": "#c0392b",
          "held": "#1f77b4", "not held": "#8fb8de"}
FALLBACK = ("#6c5ce7", "#00838f", "#8d6e63", "#607d8b")
# A bar's label is cut (with "…"; whole in its tooltip and the table below) past this many
# characters: on a phone (a 13 px character is about 7 px: 280 px), where the page is at least
# 700 px wide, and at least 1,100 px (the stylesheet shows one of the three).
LABEL_CHARS = (("narrow", 40), ("wide", 80), ("widest", 140))
GUTTER = 6  # the share of the width left of the columns, in per cent: the zero of their scale
PLOT = 86  # the share of the width bars may take, in per cent (the rest holds the value)

# A link is a path inside the database (``facts?month=2021-08&type=meeting``); the page
# puts the database's address in front of it.


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, one per row, in the query's order: ``label`` names it, each of
    ``segments`` (column, legend) adds a stretch; ``link`` leads to the facts behind a stretch."""

    label: str
    segments: tuple[tuple[str, str], ...]
    link: Callable[[dict, str], str]
    unit: str = "facts"


@dataclass(frozen=True)
class Months:
    """Columns per month from the first to the last, every month drawn (empty ones too),
    stacked by ``stack``; ``link`` leads to the facts of a month and kind."""

    month: str
    value: str
    stack: str
    link: Callable[[dict], str]
    unit: str = "facts"
    # the facts the chart leaves out: SQL answering ``total`` and ``count`` (left out), why, and
    # where they are listed (a path inside the database)
    left_sql: str | None = None
    left_why: str = ""
    left_link: str = ""


@dataclass(frozen=True)
class Left:
    """Facts a chart leaves out: ``count`` of ``total``, why (``why``: "have no date"), and
    where they are listed (``href``)."""

    count: int
    total: int
    why: str
    href: str


def _color(key: str, keys: list[str]) -> str:
    return COLORS.get(key) or FALLBACK[keys.index(key) % len(FALLBACK)]


def _legend(keys: list[str]) -> str:
    if len(keys) < 2:
        return ""
    items = "".join(f'<li><span class="swatch" style="background:{_color(k, keys)}"></span>{escape(k)}</li>' for k in keys)
    return f'<ul class="diplofacts-chart-legend" aria-label="Colours">{items}</ul>'


def left_note(left: Left | None) -> str:
    """"9 of 69 facts have no date, or only a year, and are not shown: see them." """
    if left is None or not left.count:
        return ""
    facts = "fact" if left.total == 1 else "facts"
    verb = "has" if left.count == 1 else "have"
    return (f'<p class="diplofacts-left-out">{left.count:,} of {left.total:,} {facts} {verb} {escape(left.why)} '
            f'and {"is" if left.count == 1 else "are"} not shown: <a href="{escape(left.href)}">see '
            f'{"it" if left.count == 1 else "them"}</a>.</p>')


def _figure(label: str, height: int, body: str, keys: list[str], caption: str, left: Left | None = None,
            css: str = "diplofacts-chart") -> Markup:
    return Markup(f'<figure class="{css}">{_legend(keys)}'
                  f'<svg width="100%" height="{height}" role="group" aria-label="{escape(label)}">{body}</svg>'
                  f'<figcaption>{escape(caption)}</figcaption>{left_note(left)}</figure>')


def _and(words: list[str]) -> str:
    """"a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _pct(x: float) -> str:
    return f"{x:.2f}%"


def bars(spec: Bars, rows: list[dict], title: str) -> Markup | None:
    if not rows:
        return None
    keys = [legend for _, legend in spec.segments]
    top = max(sum(int(r[c] or 0) for c, _ in spec.segments) for r in rows) or 1
    head, row_height = 22, 40
    out = ['<text x="0" y="13" class="tick">0</text>',
           f'<text x="{_pct(PLOT)}" y="13" class="tick" text-anchor="end">{top:,} {escape(spec.unit)}</text>',
           f'<line x1="0" x2="{_pct(PLOT)}" y1="{head - 4}" y2="{head - 4}" class="axis"/>']
    for i, row in enumerate(rows):
        y = head + i * row_height
        name = str(row[spec.label])
        out += [f'<text x="0" dx="2" y="{y + 14}" class="label label-{size}"><title>{escape(name)}</title>{escape(_cut(name, chars))}</text>'
                for size, chars in LABEL_CHARS]
        x, total = 0.0, 0
        for column, legend in spec.segments:
            n = int(row[column] or 0)
            if not n:
                continue
            w = PLOT * n / top
            what = escape(legend) if len(keys) > 1 else escape(spec.unit)
            out.append(f'<a href="{escape(spec.link(row, column))}" aria-label="{escape(name)}: {n} {what}">'
                       f'<rect x="{_pct(x)}" y="{y + 19}" width="{_pct(w)}" height="16" fill="{_color(legend, keys)}">'
                       f'<title>{escape(name)}: {n} {what}</title></rect></a>')
            x, total = x + w, total + n
        out.append(f'<text x="{_pct(x)}" dx="5" y="{y + 32}" class="value">{total:,}</text>')
    caption = f"Each bar: the number of {spec.unit}" + (", by " + _and(keys) if len(keys) > 1 else "") + \
        ", from zero; each leads to them."
    return _figure(title, head + len(rows) * row_height + 4, "".join(out), keys, caption)


def month_axis(first: str, last: str, limit: int = 1200) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), at most ``limit``."""
    axis: list[str] = []
    y, m = int(first[:4]), int(first[5:7])
    while (y, m) <= (int(last[:4]), int(last[5:7])) and len(axis) < limit:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return axis


def month_name(month: str) -> str:
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def columns(stacks: dict[str, list[tuple[str, int, str]]], keys: list[str], title: str, unit: str,
            left: Left | None = None, plot: int = 180, css: str = "diplofacts-chart") -> Markup | None:
    """Columns per month, every month from the first to the last drawn: ``stacks`` holds, for
    each month (YYYY-MM), its (key, count, link) segments. A scale from zero to the tallest
    month, with its unit; the first and last months named, and years between, never crowded
    (labels at least a fifth of the width apart, so they fit at any width)."""
    if not stacks:
        return None
    axis = month_axis(min(stacks), max(stacks))
    top = max(sum(n for _, n, _ in segments) for segments in stacks.values()) or 1
    head, foot = 20, 22
    base = head + plot
    step = (100 - GUTTER) / len(axis)
    out = [f'<line x1="0" x2="100%" y1="{base}" y2="{base}" class="axis"/>',
           f'<line x1="0" x2="100%" y1="{head}" y2="{head}" class="grid"/>',
           f'<text x="0" y="{head - 5}" class="tick">{top:,} {escape(unit)}</text>',
           ]
    for i, month in enumerate(axis):
        x, y = GUTTER + i * step, base
        for key, n, href in sorted(stacks.get(month, []), key=lambda s: keys.index(s[0])):
            h = max(1, round(plot * n / top))
            y -= h
            what = f"{n} {escape(key)}{'s' if n != 1 else ''}"
            out.append(f'<a href="{escape(href)}" aria-label="{month_name(month)}: {what}">'
                       f'<rect x="{_pct(x + step * 0.1)}" y="{y}" width="{_pct(step * 0.8)}" height="{h}" '
                       f'fill="{_color(key, keys)}"><title>{month_name(month)}: {what}</title></rect></a>')
    out.append(f'<text x="0" y="{base - 3}" class="tick">0</text>')
    out.append(f'<text x="0" dx="2" y="{base + 16}" class="tick">{month_name(axis[0])}</text>')
    if len(axis) > 1:
        out.append(f'<text x="100%" dx="-2" y="{base + 16}" class="tick" text-anchor="end">{month_name(axis[-1])}</text>')
    gap = len(axis) / 5  # a label takes at most a fifth of the width at the narrowest (about 60 px of 300)
    named = [0.0]
    for i, month in enumerate(axis):
        at = GUTTER + (i + 0.5) * step
        if month[5:] == "01" and i > 0 and all(abs(i - j) >= gap for j in named) and len(axis) - 1 - i >= gap:
            out.append(f'<text x="{_pct(at)}" y="{base + 16}" class="tick" text-anchor="middle">{month[:4]}</text>')
            named.append(i)
    caption = f"Each column: the number of {unit} in a month, from zero" + \
        (", by " + _and(keys) if len(keys) > 1 else "") + "; each leads to them."
    return _figure(title, head + plot + foot, "".join(out), keys, caption, left, css)


def months(spec: Months, rows: list[dict], title: str, left: Left | None = None) -> Markup | None:
    dated = [r for r in rows if r[spec.month]]
    keys = sorted({r[spec.stack] for r in dated}, key=lambda k: list(COLORS).index(k) if k in COLORS else 99)
    stacks: dict[str, list[tuple[str, int, str]]] = {}
    for r in dated:
        stacks.setdefault(r[spec.month], []).append((r[spec.stack], int(r[spec.value]), spec.link(r)))
    return columns(stacks, keys, title, spec.unit, left)


def draw(spec: Bars | Months, rows: list[dict], title: str, prefix: str, left: Left | None = None) -> Markup | None:
    """The chart of a canned query's rows; ``prefix`` is the database's address; ``left``, the
    facts it leaves out."""
    if isinstance(spec, Months):
        month_link = spec.link

        def in_month(row: dict) -> str:
            return prefix + month_link(row)
        return months(Months(spec.month, spec.value, spec.stack, in_month, spec.unit), rows, title,
                      left and Left(left.count, left.total, left.why, prefix + left.href))
    bar_link = spec.link

    def in_bar(row: dict, column: str) -> str:
        return prefix + bar_link(row, column)
    return bars(Bars(spec.label, spec.segments, in_bar, spec.unit), rows, title)
