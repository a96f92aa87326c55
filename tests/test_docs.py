import jsonschema
import pytest

from diplofacts.loaders.locate import parse
from diplofacts.schema.jsonschemas import json_schema_text

from .conftest import FIXTURE_SEEDS, ROOT
from .readme import JSON_SCHEMAS, README, render


def test_readme_generated_sections_are_current():
    text = README.read_text()
    assert text == render(text), "run: .venv/bin/python -m tests.readme"


@pytest.mark.parametrize("path", JSON_SCHEMAS, ids=lambda p: p.name)
def test_committed_json_schemas_are_generated_from_the_models(path):
    assert path.read_text() == json_schema_text(JSON_SCHEMAS[path]), "run: .venv/bin/python -m tests.readme"


def seeds_files() -> list[tuple]:
    out = []
    for seeds in (ROOT / "seeds", FIXTURE_SEEDS):
        out += [(seeds / "sources.yaml", "sources"), (seeds / "entities.yaml", "entities")]
        out += [(path, "facts") for path in sorted((seeds / "facts").glob("*.yaml"))]
    return out


SEEDS_FILES = pytest.mark.parametrize(("path", "name"), seeds_files(),
                                      ids=lambda v: str(v.relative_to(ROOT)) if hasattr(v, "parent") else v)


@SEEDS_FILES
def test_every_seeds_file_validates_against_its_json_schema(path, name):
    jsonschema.validate(parse(path.read_text(encoding="utf-8")).data, jsonschema_of(name))


@pytest.mark.parametrize(("path", "name"), [(p, n) for p, n in seeds_files() if p.is_relative_to(ROOT / "seeds")],
                         ids=lambda v: str(v.relative_to(ROOT)) if hasattr(v, "parent") else v)
def test_every_seeds_file_names_its_json_schema_for_editors(path, name):
    schema = ROOT / "schema" / "json" / f"{name}.schema.json"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={_relative(schema, path)}"


def test_the_schema_catches_what_a_curator_mistypes():
    data = parse("meetings:\n  - id: x\n    date: 2021-8-25\n    kidn: visit\n").data
    errors = sorted(e.message for e in jsonschema.Draft202012Validator(jsonschema_of("facts")).iter_errors(data))
    assert any("'kidn' was unexpected" in m for m in errors), errors
    assert any("'kind' is a required property" in m for m in errors), errors
    assert any("2021-8-25" in m for m in errors), errors


def jsonschema_of(name):
    import json
    return json.loads((ROOT / "schema" / "json" / f"{name}.schema.json").read_text())


def _relative(target, path):
    import os
    return os.path.relpath(target, path.parent)
