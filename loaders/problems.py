"""Located problems: ``path:line:column: message``, the form editors turn into links."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class BuildFailed(Exception):
    """The seeds have problems; nothing was written to the database."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the seeds")


def dotted(loc: tuple) -> str:
    """('meetings', 3, 'participants', 0, 'entity') -> 'meetings[3].participants[0].entity'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
