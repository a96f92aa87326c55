"""facts coverage: what the facts cite of each source, and what they do not yet."""
import shutil

from diplofacts.loaders import build

from .conftest import FIXTURE_SEEDS, Corpus, rows
from .test_draft import GENEVA, in_folder

GENEVA_GAPS = (
    "leaders-meet-in-geneva (seeds/sources/geneva.txt): 0% of the text cited\n"
    "  seeds/sources/geneva.txt:2: quoted, no quote row: \u201cWe will keep talking\u201d\n"
    "  seeds/sources/geneva.txt:2: quoted, no quote row: \u201cfrank and useful\u201d\n"
    "  seeds/sources/geneva.txt:3: quoted, no quote row: \u201cWe stand ready to help\u201d\n"
    "  seeds/sources/geneva.txt:2: names alpha, beta, no citation: President Alpha met Prime Minister Beta in Geneva on Wednesday.\n"
    "  seeds/sources/geneva.txt:2: names alpha, no citation: Alpha said: \"We will keep talking.\"\n"
    "  seeds/sources/geneva.txt:2: names beta, no citation: Beta told reporters the talks were \u201cfrank and useful\u201d.\n"
    "  seeds/sources/geneva.txt:3: names alpha, no citation: Alpha repeated: \u201cWe stand ready to help.\u201d\n"
    "\n"
)
HEADER = "cited  quoted, no row  uncited sentences naming entities"


def table(output: str) -> list[tuple[str, ...]]:
    """The closing table of ``facts coverage``, row by row: (source, cited, quoted with no row,
    uncited sentences), after checking that its columns line up under the header."""
    lines = output.splitlines()
    (start,) = [i for i, line in enumerate(lines) if line.startswith("source ") and line.endswith(HEADER)]
    assert all(len(line) == len(lines[start]) for line in lines[start:]), output
    return [tuple(line.rsplit(None, 3)) for line in lines[start + 1:]]


def cited(db, source: str) -> tuple[int, int]:
    """(characters inside an excerpt, all characters) of a source, from the built spans."""
    spans = rows(db, "SELECT start, [end] FROM citations WHERE source_id = ? UNION ALL "
                     "SELECT start, [end] FROM disagreement_claims WHERE source_id = ?", (source, source))
    (length,), = rows(db, "SELECT length FROM sources WHERE id = ?", (source,))
    return len({i for start, end in spans for i in range(start, end)}), length


def test_a_new_source_shows_every_gap_with_its_line(tmp_path):
    shutil.copytree(FIXTURE_SEEDS, tmp_path / "seeds")
    assert in_folder(tmp_path, "add-source", str(GENEVA), "--published", "2021-06-09").exit_code == 0
    result = in_folder(tmp_path, "coverage")
    assert result.exit_code == 0
    assert result.output.startswith(GENEVA_GAPS), result.output
    # the table: the new source's gaps counted, the fixture's sources (fully covered) as built
    build(tmp_path / "seeds", tmp_path / "facts.db")
    share = {source["id"]: cited(tmp_path / "facts.db", source["id"]) for source in Corpus(tmp_path / "seeds").sources}
    total = [sum(counts) for counts in zip(*share.values(), strict=True)]
    assert table(result.output) == [
        *sorted((source, f"{c / n:.0%}", "0", "0") if source != "leaders-meet-in-geneva" else (source, "0%", "3", "4")
                for source, (c, n) in share.items()),
        (f"all {len(share)} sources", f"{total[0] / total[1]:.0%}", "3", "4"),
    ]
    assert (share["alpha-beta-call"][0], share["second-report"][0]) > (0, 0)
    one = in_folder(tmp_path, "coverage", "second-report")
    c, n = share["second-report"]
    assert table(one.output) == [("second-report", f"{c / n:.0%}", "0", "0"), ("all 1 source", f"{c / n:.0%}", "0", "0")]
    assert in_folder(tmp_path, "coverage", "nope").stderr == "error: no source 'nope'\n"
