import importlib.util
import json
import re

import jsonschema
import pytest

from diplofacts.loaders.locate import parse

from .conftest import FIXTURE_SEEDS, ROOT


def _load_generator():
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()
GENERATED = generate.outputs()


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_docs_and_json_schemas_are_current(path):
    assert path.exists() and path.read_text(encoding="utf-8") == GENERATED[path], (
        "run: .venv/bin/python docs/generate.py (or make docs)")


# The hand-written documents and the generated ones: every relative link leads somewhere.
DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def _prose(text):
    return FENCE.sub("", text)


def _anchors(path):
    """The heading anchors GitHub gives a Markdown file."""
    seen: dict[str, int] = {}
    out = set()
    for line in _prose(path.read_text(encoding="utf-8")).splitlines():
        if m := re.match(r"#{1,6} +(.*?)#*\s*$", line):
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def _links():
    for doc in DOCUMENTS:
        targets = dict.fromkeys(LINK.findall(_prose(doc.read_text(encoding="utf-8"))))  # each once, in order
        yield from ((doc, target) for target in targets if not re.match(r"[a-z]+:", target))


@pytest.mark.parametrize(("doc", "target"), list(_links()),
                         ids=lambda v: str(v.relative_to(ROOT)) if hasattr(v, "parent") else v)
def test_every_relative_link_in_the_docs_leads_somewhere(doc, target):
    file, _, anchor = target.partition("#")
    path = (doc.parent / file).resolve() if file else doc
    assert path.exists(), f"{doc.relative_to(ROOT)} links to {target}, which does not exist"
    if anchor and path.suffix == ".md":
        assert anchor in _anchors(path), f"{doc.relative_to(ROOT)} links to {target}: no such heading"


def test_the_readme_quick_start_commands_are_make_targets():
    quick = re.search(r"^## Quick start\n(.*?)^## ", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)
    assert quick, "the README has a Quick start section"
    commands = re.findall(r"^make (\w+)", quick.group(1), re.M)
    assert {"serve", "test"} <= set(commands), commands
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in commands:
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target} is not a Makefile target"


def test_no_reference_to_documents_outside_the_repository():
    for doc in DOCUMENTS:
        text = doc.read_text(encoding="utf-8")
        assert "DESIGN.md" not in text and "../shared" not in text, doc.relative_to(ROOT)


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


@pytest.mark.parametrize("seeds", [ROOT / "seeds", FIXTURE_SEEDS], ids=["seeds", "fixture"])
def test_every_history_line_validates_against_its_json_schema(seeds):
    lines = (seeds / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        jsonschema.validate(json.loads(line), jsonschema_of("history"))


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
