"""Read one YAML document into plain data, safely, and map a path in it back to its line.

The document is built straight from libyaml's events (about twice as fast as composing a node
tree and constructing from it), which also bounds what a hostile file can cost: aliases are
refused (no self-reference, no exponential fan-out), nesting is limited to ``MAX_DEPTH``
(deep nesting is quadratic in libyaml's composer and overflows the stack), and every
duplicate key is reported with both lines. Scalars are resolved exactly as PyYAML's safe
loader resolves them, with dates kept as text. The node tree, needed only to locate a
problem below a record, is composed on demand from a document already known to be safe.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64  # a record sits at depth 3 and its deepest field at 5
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


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
            return _STR
        return super().resolve(kind, value, implicit)


_WORDS = {
    **dict.fromkeys(["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                     "FALSE", "on", "On", "ON", "off", "Off", "OFF"], "tag:yaml.org,2002:bool"),
    **dict.fromkeys(["null", "Null", "NULL"], "tag:yaml.org,2002:null"),
}


class Refused(yaml.constructor.ConstructorError):
    """A document this reader will not build, located at the offending mark."""

    def __init__(self, problem: str, mark):
        super().__init__(None, None, problem, mark)


Marks = dict[tuple, tuple[int, int]]  # path -> (line, column), 1-based


class Parsed:
    """A document's data, the place of every record (each item of a top-level section's list)
    and of every section's key, and the duplicate keys found."""

    def __init__(self) -> None:
        self.data: object = None
        self.values: Marks = {}
        self.keys: Marks = {}
        self.duplicates: list[tuple[tuple, int, int, str]] = []  # (path, line, column, message)


def _place(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def parse(text: str) -> Parsed:
    """Build the document, or raise a YAMLError located at its first problem (``Refused``
    for what this reader will not build)."""
    loader = Loader(text)
    try:
        return _Builder(loader).run()
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: Loader):
        self.loader = loader
        self.out = Parsed()
        # open collections: [container, path, pending key (or None), its key's mark, key lines]
        self.stack: list[list] = []

    def run(self) -> Parsed:
        get = self.loader.get_event
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                self._add(self._scalar(event), event.start_mark, is_scalar=True)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._open(event, {} if kind is MappingStartEvent else [])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                container, _, _, _, _ = self.stack.pop()
                self._add(container, None)
            elif kind is AliasEvent:
                raise Refused("aliases (*name) are not allowed in seeds files: write the value out", event.start_mark)
            elif kind is StreamEndEvent:
                return self.out

    def _path(self) -> tuple:
        if not self.stack:
            return ()
        container, path, key, _, _ = self.stack[-1]
        return path + ((len(container),) if isinstance(container, list) else key)

    def _open(self, event, container) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        tag = event.tag
        if tag is not None and tag not in (_MAP, _SEQ, "!"):
            raise Refused(f"the tag {tag!r} is not allowed in seeds files", event.start_mark)
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            raise Refused("a key must be plain text, not a list or mapping", event.start_mark)
        path = self._path()
        if len(path) <= 2:
            self.out.values[path] = _place(event.start_mark)
        self.stack.append([container, path, None, None, {}])

    def _scalar(self, event) -> object:
        value = event.value
        if event.tag is None or event.tag == "!":
            if not event.implicit[0]:
                return value  # quoted: always text
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        else:
            tag = event.tag
        if tag == _STR:
            return value
        if tag == _MERGE:
            raise Refused("merge keys (<<) are not allowed in seeds files", event.start_mark)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # a number too long to convert, say
            raise Refused(f"cannot read this value ({exc})", event.start_mark) from None

    def _add(self, value: object, mark, is_scalar: bool = False) -> None:
        if not self.stack:
            self.out.data = value
            return
        top = self.stack[-1]
        container = top[0]
        if isinstance(container, list):
            if is_scalar and len(top[1]) < 2:
                self.out.values[top[1] + (len(container),)] = _place(mark)
            container.append(value)
            return
        if top[2] is None:  # a key
            try:
                hash(value)
            except TypeError:
                raise Refused("a key must be plain text", mark) from None
            top[2], top[3] = (value,), mark
            return
        key = top[2][0]
        line = top[3].line + 1
        if key in container:
            first = top[4][key]
            self.out.duplicates.append((top[1] + (key,), line, top[3].column + 1,
                                        f"duplicate key '{key}' (first at line {first}, again at line {line})"))
        else:
            container[key] = value
            top[4][key] = line
            path = top[1] + (key,)
            if len(path) <= 2:
                self.out.keys[path] = _place(top[3])
                if is_scalar:
                    self.out.values[path] = _place(mark)
        top[2] = None


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document ``parse`` has built, for locating problems in it."""
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


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
