"""The meetings as an iCalendar (RFC 5545), written with the ``icalendar`` library: every
meeting known to the day as an all-day event (``DTSTART;VALUE=DATE``) with a stable,
domain-qualified UID. A meeting known only to the month or the year is left out rather than
given a day it does not have, and the calendar's description says how many were left out.
Its time, line and place are the columns the meeting kind declares to mean so."""
from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from datasette.utils.asgi import Response
from icalendar import Calendar, Event

from diplofacts.schema.kinds import MEETING, Kind
from diplofacts.schema.sqltext import ident

from ..compat import site_title
from ..siteinfo import build_info
from ..sourcenames import readable
from .download import Download
from .links import Links


def _select(kind: Kind) -> str:
    """Its facts with their time, one line and place (by what the columns mean), kind and
    status; by time."""
    table, time = kind.table, ident(kind.column_meaning("time") or "")
    places = [f"f.{ident(c.name)}" for c in table.columns if c.means == "place"]  # the first one given
    place_name = (f"(SELECT name FROM entities WHERE id = coalesce({', '.join(places)}, NULL))" if places else "NULL")
    return (f"SELECT f.id, f.{time} AS date, f.date_precision, f.status, f.kind, f.{ident(kind.summary or '')} AS summary,"
            f" f.source_count, {place_name} AS place FROM {ident(table.name)} f ORDER BY f.{time}, f.id")


STATUS = {"held": "CONFIRMED", "planned": "TENTATIVE", "proposed": "TENTATIVE", "cancelled": "CANCELLED"}


async def calendar(db, links: Links, title: str) -> bytes:
    info = await build_info(db)
    stamp = (datetime.datetime.fromisoformat(info.built_at) if info.built_at
             else datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC))
    host = urlsplit(links.site("/")).hostname or "localhost"
    meetings = [dict(r) for r in await db.execute(_select(MEETING))]
    for m, summary in zip(meetings, await readable(db, [m["summary"] for m in meetings]), strict=True):
        m["summary"] = summary
    dated = [m for m in meetings if m["date_precision"] == "day"]
    left_out = len(meetings) - len(dated)
    cal = Calendar()
    cal.add("prodid", "-//diplofacts//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Meetings · {title}")
    cal.add("x-wr-caldesc", (
        f"{len(dated)} meetings known to the day, each an all-day event linking to its evidence. "
        f"{left_out} meeting{'s' if left_out != 1 else ''} known only to the month or year, or not dated, "
        "are left out rather than given a day they do not have."))
    for m in dated:
        day = datetime.date.fromisoformat(m["date"])
        event = Event()
        event.add("uid", f"{MEETING.name}-{m['id']}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", m["summary"])
        event.add("description", f"{m['summary']} ({m['kind']}, {m['status']}; "
                                 f"{m['source_count']} source{'s' if m['source_count'] != 1 else ''}). Evidence: {links.fact(MEETING.name, m['id'])}")
        event.add("url", links.fact(MEETING.name, m["id"]))
        if m["place"]:
            event.add("location", m["place"])
        event.add("status", STATUS.get(m["status"], "CONFIRMED"))
        event.add("categories", [m["kind"]])
        cal.add_component(event)
    return cal.to_ical()


async def meetings_calendar(datasette, request, db, links: Links):
    body = await calendar(db, links, site_title(datasette, links.database))
    return Response(body, content_type="text/calendar; charset=utf-8")


DOWNLOADS = (Download("meetings-calendar", "Meetings known to the day (iCalendar)", "/-/meetings.ics", "ics", "text/calendar",
                      meetings_calendar),)
