"""The preset charts, drawn on the server as SVG at the full width of the page: names, not
slugs; a time axis with every month on it, so gaps show; meetings that did not take place set
apart from those that did; and every bar a link to the facts behind it.

Each chart reads the rows of its canned query (``QUERIES[name]["chart"]`` says which columns),
so what is drawn is exactly what the table under it lists."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from .dates import MONTHS

COLORS = {"meeting": "#1f77b4", "statement": "#e07b00", "agreement": "#2a9d3a", "quote": "#c0392b",
          "held": "#1f77b4", "not held": "#a6c8e6"}
FALLBACK = ("#6c5ce7", "#00838f", "#8d6e63", "#607d8b")
WIDTH = 960  # the drawing's own units: it scales to the page's width

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


def _color(key: str, keys: list[str]) -> str:
    return COLORS.get(key) or FALLBACK[keys.index(key) % len(FALLBACK)]


def _legend(keys: list[str], y: int) -> str:
    out, x = [], 0
    for key in keys:
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{_color(key, keys)}"/>'
                   f'<text x="{x + 16}" y="{y + 11}" class="legend">{escape(key)}</text>')
        x += 30 + 8 * len(key)
    return "".join(out)


def _svg(width: int, height: int, label: str, body: str) -> Markup:
    return Markup(f'<figure class="diplofacts-chart"><svg viewBox="0 0 {width} {height}" role="group" '
                  f'aria-label="{escape(label)}">{body}</svg></figure>')


def bars(spec: Bars, rows: list[dict], title: str) -> Markup | None:
    if not rows:
        return None
    keys = [legend for _, legend in spec.segments]
    top = max(sum(int(r[c] or 0) for c, _ in spec.segments) for r in rows) or 1
    label_width, row_height, head = 300, 24, 28
    scale = (WIDTH - label_width - 60) / top
    out = [_legend(keys, 0)] if len(keys) > 1 else []
    for i, row in enumerate(rows):
        y = head + i * row_height
        name = str(row[spec.label])
        shown = name if len(name) <= 44 else name[:43] + "…"
        out.append(f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" class="label"><title>{escape(name)}</title>{escape(shown)}</text>')
        x, total = label_width, 0
        for column, legend in spec.segments:
            n = int(row[column] or 0)
            if not n:
                continue
            w = max(2, round(n * scale))
            out.append(f'<a href="{escape(spec.link(row, column))}"><rect x="{x}" y="{y + 3}" width="{w}" height="{row_height - 6}" '
                       f'fill="{_color(legend, keys)}"><title>{escape(name)}: {n} {escape(legend) if len(keys) > 1 else spec.unit}</title></rect></a>')
            x, total = x + w, total + n
        out.append(f'<text x="{x + 6}" y="{y + 16}" class="value">{total}</text>')
    return _svg(WIDTH, head + len(rows) * row_height + 4, title, "".join(out))


def months(spec: Months, rows: list[dict], title: str) -> Markup | None:
    dated = [r for r in rows if r[spec.month]]
    if not dated:
        return None
    first, last = min(r[spec.month] for r in dated), max(r[spec.month] for r in dated)
    axis: list[str] = []
    y, m = int(first[:4]), int(first[5:7])
    while (y, m) <= (int(last[:4]), int(last[5:7])) and len(axis) < 1200:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    keys = sorted({r[spec.stack] for r in dated}, key=lambda k: list(COLORS).index(k) if k in COLORS else 99)
    by_month: dict[str, list[dict]] = {}
    for r in dated:
        by_month.setdefault(r[spec.month], []).append(r)
    top = max(sum(int(r[spec.value]) for r in rs) for rs in by_month.values()) or 1
    head, plot, foot = 24, 220, 40
    step = (WIDTH - 40) / len(axis)
    out = [_legend(keys, 0)]
    for i, month in enumerate(axis):
        x, base = 30 + i * step, head + plot
        label = f"{MONTHS[int(month[5:]) - 1]} {month[:4]}"
        for r in sorted(by_month.get(month, []), key=lambda r: keys.index(r[spec.stack])):
            h = max(1, round(plot * int(r[spec.value]) / top))
            base -= h
            out.append(f'<a href="{escape(spec.link(r))}"><rect x="{x + step * 0.1:.1f}" y="{base}" width="{max(1.0, step * 0.8):.1f}" '
                       f'height="{h}" fill="{_color(r[spec.stack], keys)}"><title>{label}: {r[spec.value]} {escape(r[spec.stack])}'
                       f'{"s" if int(r[spec.value]) != 1 else ""}</title></rect></a>')
        if month[5:] == "01" or i == 0 or i == len(axis) - 1:
            end = i == len(axis) - 1 and i > 0
            anchor = ' text-anchor="end"' if end else ""
            text = label if i in (0, len(axis) - 1) else month[:4]
            out.append(f'<text x="{x + step if end else x:.1f}" y="{head + plot + 16}" class="tick"{anchor}>{text}</text>')
    out.append(f'<line x1="30" x2="{WIDTH - 10}" y1="{head + plot}" y2="{head + plot}" class="axis"/>')
    out.append(f'<text x="0" y="{head + 10}" class="tick">{top}</text>')
    return _svg(WIDTH, head + plot + foot, title, "".join(out))


def draw(spec: Bars | Months, rows: list[dict], title: str, prefix: str) -> Markup | None:
    """The chart of a canned query's rows; ``prefix`` is the database's address."""
    if isinstance(spec, Months):
        month_link = spec.link

        def in_month(row: dict) -> str:
            return prefix + month_link(row)
        return months(Months(spec.month, spec.value, spec.stack, in_month), rows, title)
    bar_link = spec.link


    def in_bar(row: dict, column: str) -> str:
        return prefix + bar_link(row, column)
    return bars(Bars(spec.label, spec.segments, in_bar, spec.unit), rows, title)
