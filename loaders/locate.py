"""Map a path inside a parsed YAML document back to its line and column."""
from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """The C safe loader, reading dates as text: the models parse them (2021-13-01 is an
    error with a location, not a crash) and keep partial dates as written."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def resolve(self, kind, value, implicit):
        # Fast path for the common case, a plain scalar starting with a letter: YAML 1.1 only
        # gives those a non-string meaning when they are a boolean or null word. Everything
        # else takes PyYAML's own (regular-expression) resolution; the result is identical.
        if kind is yaml.ScalarNode and implicit[0] and value and value[0].isalpha():
            if value in _WORDS:
                return _WORDS[value]
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)


_WORDS = {
    **dict.fromkeys(["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"],
                    "tag:yaml.org,2002:bool"),
    **dict.fromkeys(["null", "Null", "NULL"], "tag:yaml.org,2002:null"),
}


def parse(text: str) -> tuple[object, yaml.Node | None]:
    """Parse one YAML document with the C loader, keeping the node tree for locating errors."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = _construct(loader, node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _construct(loader: Loader, node: yaml.Node) -> object:
    """Plain strings, lists and mappings built directly from the nodes (about twice as fast
    as PyYAML's generic constructor); anything else (numbers, booleans, null, merge keys,
    explicit tags) is left to PyYAML's own safe constructor, so the result is identical."""
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item) for item in node.value]
    if tag == _MAP and isinstance(node, yaml.MappingNode) and all(
        k.tag == _STR and isinstance(k, yaml.ScalarNode) for k, _ in node.value
    ):
        return {k.value: _construct(loader, v) for k, v in node.value}
    return loader.construct_object(node, deep=True)


def position(node: yaml.Node | None, loc: tuple, at_key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of the deepest node on ``loc``.

    A key that does not exist (a missing field) points at the mapping that should hold it;
    with ``at_key`` the last key of ``loc`` points at the key itself (an unknown key),
    otherwise at its value.
    """
    if node is None:
        return 1, 1
    best = node.start_mark
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            best = node.start_mark
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    best = key.start_mark if (last and at_key) else value.start_mark
                    node = value
                    break
            else:
                break
        else:
            break
    return best.line + 1, best.column + 1
