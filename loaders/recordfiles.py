"""Read one seeds file (YAML for curators, JSON Lines for machine-made corpora) into
validated records, each with the place it came from; collect every problem on the way."""
from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Union

import yaml
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ..schema.kinds import RECORD_KINDS
from .locate import Marks, compose, parse, position
from .problems import Problem, dotted
from .recordmap import line_digest
from .safefiles import BIDI_CHARS, text_problem

# A JSON Lines record of any kind, told apart by its ``type``.
_ANY_RECORD: TypeAdapter[BaseModel] = TypeAdapter(
    Annotated[Union[tuple(k.model for k in RECORD_KINDS)], Field(discriminator="type")]  # type: ignore[arg-type]  # noqa: UP007
)
_TAGS = tuple(k.name for k in RECORD_KINDS)
# Fields copied verbatim from a source, where a bidirectional control the source holds belongs.
VERBATIM = frozenset({"exact", "prefix", "suffix", *(k.in_every_excerpt for k in RECORD_KINDS if k.in_every_excerpt)})
# What may stand for a refused character in a line of JSON (an escape, a raw C1 or bidi control).
_SUSPECT_JSON = re.compile(b"\\\\u|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _strings(value: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every string in a validated record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))


def _yaml_suspect(text: str) -> bool:
    """Whether a YAML text may hold a refused character: raw ones other than NEL are refused by
    the YAML reader already; an escape (``"\\0"``) or a raw NEL or bidi control may stand for one."""
    return "\\" in text or "\x85" in text or any(c in text for c in BIDI_CHARS)


class _DuplicateKey(ValueError):
    pass


def _distinct_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object, refused if a key occurs twice (json would keep only the last value)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _DuplicateKey(f"duplicate key '{twice}': each key once")
    return obj


_DISTINCT = json.JSONDecoder(object_pairs_hook=_distinct_keys)  # made once: json.loads makes one per call


Salvage = Callable[["RecordFile", tuple, dict, type[BaseModel]], None]


class RecordFile:
    """The records of one file. ``sections`` maps a YAML section (``meetings``) to its model.

    Iterate ``records()`` for ``(loc, record)`` pairs; problems gather in ``problems``.
    A record's ``loc`` is its path in the file (``('meetings', 3)`` in YAML, ``(17,)`` for
    line 17 of a JSON Lines file); ``where(loc)`` turns any path into line and column.
    """

    def __init__(self, path: Path, display: str, sections: dict[str, type[BaseModel]],
                 salvage: Salvage | None = None, only: frozenset[int] | None = None):
        self.path = path
        self.only = only  # JSON Lines: read only these lines (the others are known, see recordmap.py)
        self.line_digests: bytes | None = None  # JSON Lines read whole: of each line (recordmap.line_digests)
        self.display = display
        self.sections = sections
        self.salvage = salvage  # called with a record that failed validation, to check its parts
        self.problems: list[Problem] = []
        self._text: str | None = None  # a YAML file's text, kept to locate problems in it
        self._node: yaml.Node | None = None  # its node tree, composed when first needed
        self._values: Marks = {}  # where each record and section starts
        self._keys: Marks = {}
        self.jsonl = path.suffix == ".jsonl"
        self._suspect = False  # whether the YAML text may hold a refused character
        self.parse_seconds = 0.0  # JSON Lines are parsed and validated in one step: validate
        self.validate_seconds = 0.0

    # -- reading -------------------------------------------------------------------------
    def records(self) -> Iterator[tuple[tuple, BaseModel]]:
        if self.jsonl:
            yield from self._jsonl_records()
        else:
            yield from self._yaml_records()

    def _yaml_records(self) -> Iterator[tuple[tuple, BaseModel]]:
        began = time.perf_counter()
        try:
            self._text = self.path.read_text(encoding="utf-8")
            parsed = parse(self._text)
        except UnicodeDecodeError as exc:
            self.add((), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, a position
            line = self._text.count("\n", 0, exc.position) + 1 if self._text else 1
            column = exc.position - (self._text.rfind("\n", 0, exc.position) if self._text else -1)
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self.problems.append(Problem(self.display, line, column,
                                         f"invalid YAML: the character U+{code:04X} is not allowed in YAML"))
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = getattr(exc, "problem", None) or str(exc)
            context = getattr(exc, "context", None)
            self.problems.append(Problem(
                self.display, line, column,
                f"invalid YAML: {reason}" + (f" ({context})" if context else ""),
            ))
            return
        finally:
            self.parse_seconds += time.perf_counter() - began
        self._values, self._keys, data = parsed.values, parsed.keys, parsed.data
        self._suspect = _yaml_suspect(self._text)
        for path, line, column, message in parsed.duplicates:
            self.problems.append(Problem(self.display, line, column, f"{dotted(path)}: {message}"))
        if data is None:
            return
        if not isinstance(data, dict):
            self.add((), f"expected a mapping with sections {self._section_list()}")
            return
        for section, items in data.items():
            model = self.sections.get(section)
            if model is None:
                self.add((section,), f"unknown section (expected {self._section_list()})", at_key=True)
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                self.add((section,), "expected a list of records")
                continue
            for index, item in enumerate(items):
                loc = (section, index)
                began = time.perf_counter()
                try:
                    record = model.model_validate(item)
                    self.validate_seconds += time.perf_counter() - began
                    if self._suspect and not self.characters_allowed(loc, record):
                        if self.salvage and isinstance(item, dict):
                            self.salvage(self, loc, item, model)
                        continue
                    yield loc, record
                except ValidationError as exc:
                    self.add_validation(loc, exc)
                    if self.salvage and isinstance(item, dict):
                        self.salvage(self, loc, item, model)

    def _jsonl_records(self) -> Iterator[tuple[tuple, BaseModel]]:
        models = list(self.sections.values())
        validate: Callable[[bytes], BaseModel] = (
            models[0].model_validate_json if len(models) == 1 else _ANY_RECORD.validate_json)
        allowed = {m.model_fields["type"].default for m in models if "type" in m.model_fields}
        digests = bytearray()
        with self.path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if self.only is not None:  # the lines known: their digests were taken (recordmap.changed_lines)
                    if number not in self.only:
                        continue
                else:
                    digests += line_digest(line)
                if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]  # a UTF-8 byte-order mark
                if not line.strip():
                    continue
                loc = (number,)
                began = time.perf_counter()
                try:
                    record = validate(line)  # parsed and validated at once, in Rust
                    _DISTINCT.decode(line.decode())  # which keeps a repeated key's last value
                    self.validate_seconds += time.perf_counter() - began
                except _DuplicateKey as exc:
                    self.add(loc, str(exc))
                    continue
                except ValidationError as exc:
                    self.add_validation(loc, exc)
                    self._salvage_line(loc, line)
                    continue
                if len(models) > 1 and getattr(record, "type", None) not in allowed:
                    self.add(loc + ("type",), f"'{getattr(record, 'type')}' records do not belong in this file")  # noqa: B009
                    continue
                if _SUSPECT_JSON.search(line) and not self.characters_allowed(loc, record):
                    self._salvage_line(loc, line)
                    continue
                yield loc, record
        self.line_digests = bytes(digests) if self.only is None else None

    def characters_allowed(self, loc: tuple, record: BaseModel) -> bool:
        """Whether every text of ``record`` is free of control characters (and of bidirectional
        controls, but in text copied from a source); each one refused is a problem at its field."""
        ok = True
        for path, value in _strings(record):
            problem = text_problem(value, verbatim=bool(path) and path[-1 if isinstance(path[-1], str) else -2] in VERBATIM)
            if problem:
                self.add(loc + path, problem)
                ok = False
        return ok

    def _salvage_line(self, loc: tuple, line: bytes) -> None:
        try:
            item = json.loads(line)
        except ValueError:
            return
        models = {getattr(m.model_fields.get("type"), "default", None): m for m in self.sections.values()}
        if self.salvage and isinstance(item, dict) and item.get("type") in models:
            self.salvage(self, loc, item, models[item["type"]])

    # -- problems ------------------------------------------------------------------------
    def where(self, loc: tuple, at_key: bool = False) -> tuple[int, int]:
        if self.jsonl:
            return (loc[0] if loc else 1), 1
        shallow = (self._keys if at_key else self._values).get(loc)
        if shallow:
            return shallow
        if self._node is None and self._text is not None:
            self._node = compose(self._text)
        return position(self._node, loc, at_key)

    def line_of(self, loc: tuple) -> int:
        return self.where(loc)[0]

    def add(self, loc: tuple, message: str, at_key: bool = False) -> None:
        """Record a problem at ``loc``; the message is prefixed with the field's path."""
        line, column = self.where(loc, at_key)
        field = dotted(loc[1:] if self.jsonl else loc)
        self.problems.append(Problem(self.display, line, column, f"{field}: {message}" if field else message))

    def add_validation(self, loc: tuple, exc: ValidationError) -> None:
        for error in exc.errors(include_url=False):
            inner = tuple(error["loc"])
            if self.jsonl and inner and inner[0] in _TAGS:
                inner = inner[1:]  # the discriminator's tag, not a field
            kind = error["type"]
            if kind == "extra_forbidden":
                message = f"unknown key '{inner[-1]}'"
            elif kind == "missing":
                message = "required field missing"
            else:
                message = error["msg"].removeprefix("Value error, ")
                got = error.get("input")
                if isinstance(got, bytes):
                    got = got.decode("utf-8", "replace")
                if kind not in ("value_error", "json_invalid") and not isinstance(got, (dict, list, type(None))):
                    shown = repr(got)
                    message += f" (got {shown if len(shown) <= 200 else shown[:200] + '…'})"
            self.add(loc + inner, message, at_key=kind in ("extra_forbidden", "missing"))

    def _section_list(self) -> str:
        return ", ".join(f"'{s}'" for s in self.sections)

