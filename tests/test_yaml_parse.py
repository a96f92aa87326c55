"""The loader's YAML reading gives exactly what PyYAML's safe loader gives (dates kept as
text), only faster, and locates every node."""
import pytest
import yaml

from diplofacts.loaders.locate import Loader, parse, position

from .conftest import ROOT


class Reference(yaml.SafeLoader):
    yaml_implicit_resolvers = Loader.yaml_implicit_resolvers


DOCUMENTS = [
    "a: &x {b: 1, c: [yes, ~, 1.5, '2', 2021-08-25, null, Off, .inf]}\nd: *x\ne:\n  <<: *x\n  f: 2\n1: int key\n",
    "- plain\n- 'quoted'\n- \"dq \\u201c\"\n- |\n  block\n- 0x1F\n- -3\n- 2021\n",
    *[p.read_text() for p in sorted((ROOT / "seeds").rglob("*.yaml"))],
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_result_as_pyyaml(text):
    assert parse(text)[0] == yaml.load(text, Loader=Reference)


@pytest.mark.parametrize("text", ["? [1]\n: y\n", "a: !!python/object:os.system x\n"])
def test_same_errors_as_pyyaml(text):
    with pytest.raises(yaml.constructor.ConstructorError):
        parse(text)
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load(text, Loader=Reference)


def test_positions():
    _, node = parse("meetings:\n  - id: a\n    date: 2021\n")
    assert position(node, ("meetings", 0, "date")) == (3, 11)
    assert position(node, ("meetings", 0, "date"), at_key=True) == (3, 5)
    assert position(node, ("meetings", 0, "missing")) == (2, 5)
    assert position(node, ("meetings", 5)) == (2, 3)
