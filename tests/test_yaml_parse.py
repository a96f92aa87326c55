"""The loader's YAML reading gives exactly what PyYAML's safe loader gives (dates kept as
text), only faster; refuses what could cost without bound (aliases, deep nesting) or lose a
curator's words (a duplicate key), each at its line; and locates every node."""
import pytest
import yaml

from diplofacts.loaders.locate import MAX_DEPTH, compose, parse, position

from .conftest import ROOT


class Reference(yaml.SafeLoader):
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


DOCUMENTS = [
    "a: {b: 1, c: [yes, ~, 1.5, '2', 2021-08-25, null, Off, .inf, \"yes\", ! 12]}\n1: int key\n-3: x\n",
    "- plain\n- 'quoted'\n- \"dq \\u201c\"\n- |\n  block\n- 0x1F\n- -3\n- 2021\n- !!str 5\n- !!int '7'\n",
    "\ufeffmeetings:\r\n  - id: crlf-and-bom\r\n    summary: x\r\n",
    "",
    "# only a comment\n",
    *[p.read_text() for p in sorted((ROOT / "seeds").rglob("*.yaml"))],
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_result_as_pyyaml(text):
    assert parse(text).data == yaml.load(text, Loader=Reference)


@pytest.mark.parametrize("text", ["? [1]\n: y\n", "a: !!python/object:os.system x\n", "a: !!set {x}\n",
                                  "<<: {a: 1}\n"])
def test_what_pyyaml_would_not_build_safely_is_an_error(text):
    with pytest.raises(yaml.constructor.ConstructorError):
        parse(text)


REFUSED = {
    "self-reference": ("meetings: &x [*x]\n", 1, 15, "aliases (*name) are not allowed in seeds files: write the value out"),
    "fan-out": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 2, 8, "aliases (*name) are not allowed in seeds files: write the value out"),
    "deep flow": ("[" * 50_000 + "]" * 50_000, 1, MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} levels deep"),
    "deep block": ("".join(f"{' ' * i}- \n" for i in range(2_000)), MAX_DEPTH + 1, MAX_DEPTH + 1,
                   f"nested more than {MAX_DEPTH} levels deep"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_at_its_line(case):
    text, line, column, problem = REFUSED[case]
    with pytest.raises(yaml.constructor.ConstructorError) as refused:
        parse(text)
    mark = refused.value.problem_mark
    assert (mark.line + 1, mark.column + 1, refused.value.problem) == (line, column, problem)


def test_every_duplicate_key_names_both_lines():
    parsed = parse("meetings:\n  - id: a\n    summary: first\n    summary: second\n    id: b\nmeetings: []\n")
    assert parsed.data == {"meetings": [{"id": "a", "summary": "first"}]}
    assert parsed.duplicates == [
        (("meetings", 0, "summary"), 4, 5, "duplicate key 'summary' (first at line 3, again at line 4)"),
        (("meetings", 0, "id"), 5, 5, "duplicate key 'id' (first at line 2, again at line 5)"),
        (("meetings",), 6, 1, "duplicate key 'meetings' (first at line 1, again at line 6)"),
    ]


def test_positions():
    text = "meetings:\n  - id: a\n    date: 2021\n"
    parsed, node = parse(text), compose(text)
    assert parsed.values[("meetings", 0)] == position(node, ("meetings", 0)) == (2, 5)
    assert parsed.keys[("meetings",)] == position(node, ("meetings",), at_key=True) == (1, 1)
    assert position(node, ("meetings", 0, "date")) == (3, 11)
    assert position(node, ("meetings", 0, "date"), at_key=True) == (3, 5)
    assert position(node, ("meetings", 0, "missing")) == (2, 5)
    assert position(node, ("meetings", 5)) == (2, 3)
