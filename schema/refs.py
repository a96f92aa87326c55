"""Where a model names other records: paths derived once from its ``Ref`` annotations, and
walked over a validated record or over the raw mapping of one that failed validation."""
from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, Union

from pydantic import BaseModel

from .ids import Ref

EACH = "*"  # a path step standing for every item of a list
Path = tuple[str, ...]


def _ref(metadata: list) -> Ref | None:
    return next((m for m in metadata if isinstance(m, Ref)), None)


def _paths_in(annotation: Any, prefix: Path) -> Iterator[tuple[Path, str]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        ref = _ref(list(annotation.__metadata__))
        if ref:
            yield prefix, ref.table
            return
        yield from _paths_in(annotation.__origin__, prefix)
    elif origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _paths_in(arg, prefix)
    elif origin is list:
        yield from _paths_in(typing.get_args(annotation)[0], prefix + (EACH,))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from ref_paths(annotation, prefix)


@cache
def ref_paths(model: type[BaseModel], prefix: Path = ()) -> tuple[tuple[Path, str], ...]:
    """``(path, table)`` for every field of ``model`` (nested models and lists included)
    that holds the id of a row of ``table``: ``(('participants', '*', 'entity'), 'entities')``."""
    out: list[tuple[Path, str]] = []
    for name, info in model.model_fields.items():
        ref = _ref(info.metadata)
        if ref:
            out.append((prefix + (name,), ref.table))
        else:
            out.extend(_paths_in(info.annotation, prefix + (name,)))
    return tuple(out)


def refs_in(obj: object, path: Path, at: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """``(location, value)`` of every value at ``path`` in a record or a raw mapping; list
    steps become indexes: ``(('participants', 0, 'entity'), 'putin')``. Missing parts and
    values of the wrong shape (in a record that failed validation) yield nothing."""
    if not path:
        if obj is not None:
            yield at, obj
        return
    step, rest = path[0], path[1:]
    if step == EACH:
        if isinstance(obj, (list, tuple)):
            for i, item in enumerate(obj):
                yield from refs_in(item, rest, at + (i,))
        return
    if isinstance(obj, dict):
        child = obj.get(step)
    else:
        child = getattr(obj, step, None)
    yield from refs_in(child, rest, at + (step,))
