"""The bulk format and the parallel build give the same database as the curators' path."""
import json
import shutil

import pytest
import yaml

from diplofacts.loaders import BuildFailed, Tuning, build

from .conftest import dump, named_rows, rows


def to_jsonl(seeds):
    """Rewrite every YAML fact file of ``seeds`` as JSON Lines, one record a line."""
    for path in (seeds / "facts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        lines = [json.dumps({"type": section[:-1], **record}, default=str)
                 for section, records in data.items() for record in records]
        path.with_suffix(".jsonl").write_text("\n".join(lines) + "\n")
        path.unlink()


def without_records(db):
    """The content, but for the `record` column (file and line differ between formats)."""
    tables = ("meetings", "statements", "agreements", "quotes", "disagreements")
    return [line for line in dump(db) if not any(f'INSERT INTO "{t}"' in line for t in tables)], {
        t: [{k: v for k, v in r.items() if k != "record"} for r in named_rows(db, f"SELECT * FROM {t} ORDER BY id")]
        for t in tables
    }


def test_jsonl_builds_the_same_facts_as_yaml(seeds, tmp_path):
    build(seeds, tmp_path / "yaml.db")
    jsonl = tmp_path / "jsonl-seeds"
    shutil.copytree(seeds, jsonl)
    to_jsonl(jsonl)
    build(jsonl, tmp_path / "jsonl.db")
    yaml_dump, yaml_rows = without_records(tmp_path / "yaml.db")
    jsonl_dump, jsonl_rows = without_records(tmp_path / "jsonl.db")
    assert [s for s in yaml_dump if "build_info" not in s] == [s for s in jsonl_dump if "build_info" not in s]
    for table, table_rows in yaml_rows.items():
        assert table_rows == jsonl_rows[table], table
    assert rows(tmp_path / "jsonl.db", "SELECT record FROM meetings WHERE id = 'alpha-beta-call-2021-06-07'") == [
        ("facts/calls.jsonl:1",)]


@pytest.fixture
def many_files(seeds):
    """The fixture's facts spread over several files, so workers have something to share."""
    data = yaml.safe_load((seeds / "facts" / "calls.yaml").read_text())
    (seeds / "facts" / "calls.yaml").unlink()
    for section, records in data.items():
        (seeds / "facts" / f"{section}.yaml").write_text(yaml.safe_dump({section: records}, sort_keys=False))
    return seeds


def test_parallel_build_is_identical(many_files, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630000000")  # the one value that would differ: when
    build(many_files, tmp_path / "one.db", tuning=Tuning(workers=1))
    build(many_files, tmp_path / "two.db", tuning=Tuning(workers=2))
    assert (tmp_path / "one.db").read_bytes() == (tmp_path / "two.db").read_bytes()


def test_parallel_build_reports_every_problem(many_files, tmp_path):
    quotes = many_files / "facts" / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("speaker: beta", "speaker: gamma"))
    statements = many_files / "facts" / "statements.yaml"
    statements.write_text(statements.read_text().replace("Alpha said:", "Alpha says:"))
    with pytest.raises(BuildFailed) as one:
        build(many_files, tmp_path / "x.db", tuning=Tuning(workers=1))
    with pytest.raises(BuildFailed) as two:
        build(many_files, tmp_path / "x.db", tuning=Tuning(workers=2))
    assert [str(p) for p in one.value.problems] == [str(p) for p in two.value.problems]
    assert [(p.path, p.message.split(":")[0]) for p in two.value.problems] == [
        ("facts/quotes.yaml", "quotes[1].speaker"), ("facts/statements.yaml", "statements[0].citations[0].exact"),
    ]
    assert not (tmp_path / "x.db").exists()
