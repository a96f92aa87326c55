"""Draft leftovers the build refuses: what `facts draft` leaves for a curator to write.

A draft marks what it could not know: summaries (and any other text) to write start with
``TODO``, and an id or an entity it could not name is ``todo``. Both are valid in form, so the
build looks for them and reports each at its field, as it reports any other problem."""
from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

TODO = "todo"  # the draft's placeholder for an id or an entity it could not name
TODO_TEXT = "TODO"  # how a text the curator has still to write starts


def placeholder() -> str:
    """The problem of an entity left as the draft's placeholder."""
    return f"'{TODO}' is a draft's placeholder: name the entity, or delete the candidate"


def leftovers(record: BaseModel) -> Iterator[tuple[tuple, str]]:
    """(path inside the record, problem) of each leftover of a draft: a text starting ``TODO``,
    an id that is ``todo``. Entities left ``todo`` are reported where entities are checked."""
    for name, value in record.__dict__.items():  # a draft writes its TODOs in top-level fields
        if not isinstance(value, str):
            continue
        if value.lstrip().startswith(TODO_TEXT):
            yield (name,), f"starts with '{TODO_TEXT}', a draft's leftover: write it, or delete the candidate"
        elif value == TODO and name == "id":
            yield (name,), f"'{TODO}' is a draft's placeholder: give the fact its own id"
