"""Located problems: ``path:line:column: message``, the form editors turn into links.

A problem's path is relative to the seeds folder (``facts/calls.yaml``); the command line
shows it relative to the working folder. A record's place in the seeds is kept as the same
``path:line`` text in its ``record`` column, made and read only here."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # one problem, one line, whatever a parser's message held; line 0: the file as a whole
        message = self.message.replace("\r", " ").replace("\n", " ")
        return f"{self.path}:{self.line}:{self.column}: {message}" if self.line else f"{self.path}: {message}"

    @classmethod
    def at_record(cls, record: str, message: str) -> Problem:
        """A problem located at a record, given its ``record`` column (``path:line``)."""
        path, line = record.rsplit(":", 1)
        return cls(path, int(line), 1, message)


def record_place(path: str, line: int) -> str:
    """What the ``record`` column holds: where a record is curated."""
    return f"{path}:{line}"


# The file of a ``record`` column in SQL, as ``at_record`` reads it: all before the last ':'.
_NO_LINE = "rtrim(record, '0123456789')"
RECORD_FILE_SQL = f"substr({_NO_LINE}, 1, length({_NO_LINE}) - 1)"


class NotAFactsDatabase(Exception):
    """``facts check`` was given a file that is missing or is not a facts database."""

    def __init__(self, db_path, reason: str):
        self.db_path, self.reason = db_path, reason
        super().__init__(f"{db_path}: {reason}")


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
