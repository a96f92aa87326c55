"""Map a path inside a parsed YAML document back to its line and column."""
from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """The C safe loader, reading dates as text: the models parse them (2021-13-01 is an
    error with a location, not a crash) and keep partial dates as written."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


def parse(text: str) -> tuple[object, yaml.Node | None]:
    """Parse one YAML document with the C loader, keeping the node tree for locating errors."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


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
