"""Fuzzing the build: mutated fact files (YAML and JSON Lines), source registry, entity
registry and source texts either build a sound database or fail with located problems and
exit 1, leaving the previous facts.db byte-identical; never a traceback, every run bounded.

The default profile runs a short fuzz in ``make test``; ``HYPOTHESIS_PROFILE=long`` runs many
more examples by hand."""
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from diplofacts.cli import cli
from diplofacts.loaders import build, check

from .conftest import FIXTURE_SEEDS

settings.register_profile("default", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("medium", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SECONDS = 20  # one build of the fixture takes well under a second
LOCATED = re.compile(r"^(?:[^:\n]+):\d+:\d+: .+$")
TARGETS = ["facts/calls.yaml", "facts/calls.jsonl", "sources.yaml", "entities.yaml", "sources/alpha-beta.txt"]
ODD = ["\u0000", "\u200b", "\ufeff", "\U0001f600", "\u202e", "\r", "\t", "\\", '"', "'", ": ", "- ", "#", "&a",
       "*a", "!!python/object:os.system", "{", "[", "]", "}", "%", "@", "`", "|", ">", "\udcff", "é", "\u2028"]


def _jsonl(text: str) -> str:
    data = yaml.safe_load(text)
    return "".join(json.dumps({"type": section[:-1], **record}, default=str) + "\n"
                   for section, records in data.items() for record in records)


@st.composite
def mutation(draw) -> tuple[str, list]:
    target = draw(st.sampled_from(TARGETS))
    steps = draw(st.lists(st.one_of(
        st.tuples(st.just("truncate"), st.floats(0, 1)),
        st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
        st.tuples(st.just("delete-line"), st.floats(0, 1)),
        st.tuples(st.just("duplicate-line"), st.floats(0, 1)),
        st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(ODD)),
        st.tuples(st.just("insert"), st.floats(0, 1), st.text(max_size=12)),
        st.tuples(st.just("huge"), st.floats(0, 1), st.integers(1_000, 2_000_000)),
        st.tuples(st.just("retype"), st.floats(0, 1), st.sampled_from(["[]", "{}", "12", "true", "null", "'x'", "-1.5e9"])),
        st.tuples(st.just("rehash")),
    ), min_size=1, max_size=4))
    return target, steps


def _at(data: bytes, where: float) -> int:
    return min(len(data), int(where * len(data)))


def apply(seeds: Path, target: str, steps: list) -> None:
    path = seeds / target
    if target.endswith(".jsonl"):
        path.write_text(_jsonl((seeds / "facts" / "calls.yaml").read_text()))
        (seeds / "facts" / "calls.yaml").unlink()
    data = path.read_bytes()
    for step in steps:
        kind = step[0]
        if kind == "truncate":
            data = data[:_at(data, step[1])]
        elif kind == "flip" and data:
            i = min(len(data) - 1, _at(data, step[1]))
            data = data[:i] + bytes([step[2]]) + data[i + 1:]
        elif kind in ("delete-line", "duplicate-line"):
            lines = data.splitlines(keepends=True) or [b""]
            i = min(len(lines) - 1, int(step[1] * len(lines)))
            lines[i:i + 1] = [] if kind == "delete-line" else [lines[i], lines[i]]
            data = b"".join(lines)
        elif kind == "insert":
            i = _at(data, step[1])
            data = data[:i] + step[2].encode("utf-8", "surrogatepass") + data[i:]
        elif kind == "huge":
            i = _at(data, step[1])
            data = data[:i] + b"x" * step[2] + data[i:]
        elif kind == "retype":
            match = list(re.finditer(rb": [^\n]+", data))
            if match:
                m = match[min(len(match) - 1, int(step[1] * len(match)))]
                data = data[:m.start()] + b": " + step[2].encode() + data[m.end():]
        elif kind == "rehash":  # a source edited and registered again with its new hash
            path.write_bytes(data)
            text = seeds / "sources" / "alpha-beta.txt"
            registry = (seeds / "sources.yaml").read_bytes()
            old = re.search(rb"sha256: ([0-9a-f]{64})", registry)
            if old:
                new = hashlib.sha256(text.read_bytes()).hexdigest().encode()
                (seeds / "sources.yaml").write_bytes(registry.replace(old.group(1), new, 1))
            data = path.read_bytes()
    path.write_bytes(data)


_REFERENCE: dict[str, bytes] = {}


def reference_db() -> bytes:
    if not _REFERENCE:
        with tempfile.TemporaryDirectory() as tmp:
            build(FIXTURE_SEEDS, Path(tmp) / "facts.db")
            _REFERENCE["db"] = (Path(tmp) / "facts.db").read_bytes()
    return _REFERENCE["db"]


@given(mutation())
def test_mutated_seeds_build_or_fail_cleanly(change):
    target, steps = change
    with tempfile.TemporaryDirectory() as tmp:
        seeds, db = Path(tmp) / "seeds", Path(tmp) / "facts.db"
        shutil.copytree(FIXTURE_SEEDS, seeds)
        db.write_bytes(reference_db())
        apply(seeds, target, steps)
        began = time.monotonic()
        result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db), "-j", "1"])
        assert time.monotonic() - began < SECONDS
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        event("built" if result.exit_code == 0 else "refused with located problems")
        if result.exit_code == 0:
            assert check(db) == []
            return
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert lines[-1] == f"{len(lines) - 1} problem(s); {db} was not changed."
        assert lines[:-1] and all(LOCATED.match(line) for line in lines[:-1]), lines
        assert db.read_bytes() == reference_db()
