"""The models of the four kinds of fact: meetings, statements, agreements and quotes.

Every fact carries its date with a precision and says how the date was derived; every fact
rests on at least one citation. Event codes follow CAMEO and PLOVER
(``eventcodes.py``: the CAMEO codes used and the PLOVER codebook's crosswalk).
Each model is declared as a kind of fact, with its table, in ``kinds.py``.
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from . import eventcodes
from .base import Record
from .dates import PartialDate
from .eventcodes import PloverType
from .evidence import CitationRef
from .ids import EntityId, MeetingId, Slug, StatementId, Text

DateBasis = Literal["stated", "relative", "inferred", "unknown"]
MeetingStatus = Literal["held", "planned", "proposed", "cancelled"]
MEETING_STATUSES: dict[str, str] = {
    "held": "it took place",
    "planned": "scheduled or announced as going to take place (a date, a month, 'next week')",
    "proposed": "offered or invited, with nothing scheduled",
    "cancelled": "planned, then called off or postponed without a new date",
}
CameoCode = Annotated[str, Field(pattern=r"^[01][0-9]{1,3}$|^20[0-9]{0,2}$")]


class Fact(Record):
    id: Slug
    date: PartialDate | None = None
    date_basis: DateBasis = Field(
        description="stated: the source gives the date; relative: resolved from 'on Wednesday', "
        "'last year'… against the source's date; inferred: from other facts or context; "
        "unknown: no date can be derived."
    )
    date_note: str | None = Field(default=None, description="How the date was derived.")
    citations: list[CitationRef] = Field(min_length=1)
    replaces: list[Slug] | None = Field(
        default=None,
        description="Ids this fact once had, or of facts merged into it: their addresses redirect "
        "here (301) and their history continues here (seeds/history.jsonl).")
    echoes_allowed: ClassVar[bool] = False  # whether a citation may only print the words (a quote's)

    @field_validator("citations")
    @classmethod
    def _one_states_it(cls, value: list[CitationRef]) -> list[CitationRef]:
        if not any(c.role == "states" for c in value):
            raise ValueError("no citation states the fact: at least one needs role 'states' (the default)")
        if not cls.echoes_allowed and any(c.role == "echoes" for c in value):
            raise ValueError("role 'echoes' is for a quote's words printed without being quoted as the speaker's")
        return value

    @field_validator("replaces")
    @classmethod
    def _distinct_replaced(cls, value: list[str] | None) -> list[str] | None:
        return distinct(value, "replaced id") if value else None

    @model_validator(mode="after")
    def _not_itself(self):
        if self.replaces and self.id in self.replaces:
            raise ValueError(f"replaces lists the fact's own id {self.id!r}")
        return self

    @model_validator(mode="after")
    def _date_is_explained(self):
        if self.date_basis == "unknown" and self.date is not None:
            raise ValueError("date_basis is 'unknown' but a date is given")
        if self.date_basis != "unknown" and self.date is None:
            raise ValueError("no date given: set date_basis to 'unknown'")
        if self.date_basis in ("relative", "inferred") and not self.date_note:
            raise ValueError(f"date_basis '{self.date_basis}' needs a date_note saying how")
        return self


class EventCoded(Fact):
    summary: Text
    cameo: CameoCode | None = None
    plover_type: PloverType | None = Field(
        default=None, validate_default=True,
        description="Derived from cameo by the PLOVER codebook's crosswalk; give it only for a "
        "fact with no CAMEO code, or to state it, and then it must agree.")

    @field_validator("plover_type")
    @classmethod
    def _plover_agrees_with_cameo(cls, value: str | None, info: ValidationInfo) -> str | None:
        cameo = info.data.get("cameo")
        problem = eventcodes.plover_problem(cameo, value)
        if problem:
            raise ValueError(problem)
        return eventcodes.plover_type(cameo) if cameo else value


def distinct(items: list, what: str) -> list:
    for i, item in enumerate(items):
        if item in items[:i]:
            raise ValueError(f"{what} listed twice: {item!r}")
    return items


class Participant(Record):
    entity: EntityId
    role: Literal["caller", "called", "visitor", "host", "participant", "chair"]


class Meeting(EventCoded):
    type: Literal["meeting"] = "meeting"
    kind: Literal["phone-call", "visit", "summit", "meeting", "talks"]
    mode: Literal["phone", "visit", "third-party", "multilateral", "unknown"] = Field(
        description="How it was held; unknown where the sources do not say (a bare 'spoke to').")
    status: MeetingStatus = Field(
        default="held", validate_default=True,
        description="; ".join(f"{k}: {v}" for k, v in MEETING_STATUSES.items()) + ".")
    place: EntityId | None = None
    participants: list[Participant] = Field(min_length=1)

    @field_validator("status")
    @classmethod
    def _coded_as_what_happened(cls, value: str, info: ValidationInfo) -> str:
        if "mode" in info.data:
            problem = eventcodes.meeting_problem(value, info.data["mode"], info.data.get("cameo"))
            if problem:
                raise ValueError(problem)
        return value

    @field_validator("participants")
    @classmethod
    def _distinct_participants(cls, value: list[Participant]) -> list[Participant]:
        return distinct(value, "participant")


class Statement(EventCoded):
    type: Literal["statement"] = "statement"
    speaker: EntityId
    meeting: MeetingId | None = None


class Agreement(EventCoded):
    type: Literal["agreement"] = "agreement"
    status: Literal["reached", "signed", "announced"] = "reached"
    parties: list[EntityId] = Field(min_length=1)
    meeting: MeetingId | None = None

    @field_validator("parties")
    @classmethod
    def _distinct_parties(cls, value: list[str]) -> list[str]:
        return distinct(value, "party")


class Quote(Fact):
    type: Literal["quote"] = "quote"
    echoes_allowed: ClassVar[bool] = True
    speaker: EntityId
    text: Text = Field(description="The quoted words, verbatim as printed.")
    statement: StatementId | None = None
    meeting: MeetingId | None = None
