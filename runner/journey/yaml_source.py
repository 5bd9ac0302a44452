"""Reading YAML the user wrote, safely, without losing where anything came from.

Like Tavern, we compose YAML *nodes* (which carry line and column) and build plain Python
values ourselves, keeping a map from each value's path (`("steps", 2, "click")`) to its
marks. Schema errors (`error.absolute_path`) and our own checks then point at the exact spot.

Building values ourselves is also the safety story: no tags (not even `!!str`), no aliases
(a "billion laughs" file expands from a few lines to gigabytes), bounded depth, size and
string length, and duplicate keys are an error instead of a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from runner.errors import JourneyFileError
from runner.journey.model import Location

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 50
MAX_STRING_CHARS = 100_000

JsonPath = tuple[str | int, ...]


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader's composer, refusing what a journey never needs before it can do harm."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(f"aliases (`*{event.anchor}`) are not allowed: write the value out "
                           "in full", event.start_mark)
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(f"tags are not allowed (`{tag}`): journeys hold plain text, "
                           "numbers, lists and mappings", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, ScalarNode) and len(node.value) > MAX_STRING_CHARS:
            raise _Refused(f"a value of {len(node.value)} characters; the limit is "
                           f"{MAX_STRING_CHARS}", node.start_mark)
        return node


@dataclass
class Source:
    """One YAML file: its plain data and where each part of it was written."""

    file: str
    text: str
    data: Any = None
    value_marks: dict[JsonPath, yaml.Mark] = field(default_factory=dict)
    key_marks: dict[JsonPath, yaml.Mark] = field(default_factory=dict)
    # The scalar as written, before YAML typed it: `zip: 01234` fills "01234", not 668.
    raw: dict[JsonPath, str] = field(default_factory=dict)
    errors: list[JourneyFileError] = field(default_factory=list)

    def location(self, path: JsonPath = (), *, key: bool = False) -> Location:
        mark = self._mark(path, key=key)
        if mark is None:
            return Location(self.file, 1, 1)
        return Location(self.file, mark.line + 1, mark.column + 1)

    def _mark(self, path: JsonPath, *, key: bool) -> yaml.Mark | None:
        path = tuple(path)
        while True:
            marks = self.key_marks if key else self.value_marks
            if path in marks:
                return marks[path]
            if key and path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return None
            path, key = path[:-1], False

    def error(self, path: JsonPath, message: str, *, key: bool = False, hint: str | None = None,
              offset: int | None = None, cls: type[JourneyFileError] = JourneyFileError
              ) -> JourneyFileError:
        """An error at `path` (its key with `key=True`), `offset` characters into the value
        when the value sits on its line as written."""
        location = self.location(path, key=key)
        if offset is not None and not key:
            location = self._shifted(location, path, offset)
        error = cls(message, location, snippet=self.snippet(location), hint=hint)
        error.path = tuple(path)
        return error

    def error_at(self, mark: yaml.Mark, message: str) -> JourneyFileError:
        location = Location(self.file, mark.line + 1, mark.column + 1)
        return JourneyFileError(message, location, snippet=self.snippet(location))

    def _shifted(self, location: Location, path: JsonPath, offset: int) -> Location:
        # Only trust the offset where the text on the line really is the value as written.
        raw = self.raw.get(tuple(path))
        line = self.line_text(location.line)
        if raw is None or line is None:
            return location
        start = line.find(raw[:offset + 2], location.column - 1)
        if start < 0:
            return location
        return Location(location.file, location.line, start + offset + 1)

    def line_text(self, line: int) -> str | None:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else None

    def snippet(self, location: Location) -> str | None:
        text = self.line_text(location.line)
        if text is None:
            return None
        column = location.column - 1
        if len(text) > 100:  # a minified or generated line: show the part around the caret
            start = max(0, column - 50)
            text, column = text[start:start + 100], column - start
        gutter = f"{location.line} | "
        return f"{gutter}{text}\n{' ' * (len(gutter) + column)}^"


def _fail(file: str, text: str, message: str, mark: Any, cls: type[JourneyFileError]
          ) -> JourneyFileError:
    source = Source(file, text)
    location = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    return cls(message, location, snippet=source.snippet(location))


def read_source(path: Path, *, display: str | None = None,
                cls: type[JourneyFileError] = JourneyFileError) -> Source:
    """Read and compose `path`; raises `cls` for anything that stops the file being read at all
    (not YAML, empty, refused constructs). Problems that leave the rest readable, such as
    duplicate keys, are collected in `Source.errors`."""
    file = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise cls(f"the file is {size // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB",
                      Location(file, 1, 1))
        payload = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise cls(f"cannot read the file: {reason}", Location(file, 1, 1)) from None
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = payload[:error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise cls("not a YAML file: it is not UTF-8 text", Location(file, line, column)) from None
    return parse_source(text, file, cls=cls)


def parse_source(text: str, file: str, *, cls: type[JourneyFileError] = JourneyFileError
                 ) -> Source:
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
    except _Refused as refused:
        raise _fail(file, text, refused.message, refused.mark, cls) from None
    except yaml.reader.ReaderError as error:
        before = text[:error.position]
        mark = yaml.Mark(file, error.position, before.count("\n"),
                         error.position - (before.rfind("\n") + 1), None, None)
        raise _fail(file, text, f"not a YAML file: it holds the control character "
                    f"#x{error.character:04x}", mark, cls) from None
    except yaml.MarkedYAMLError as error:
        problem = error.problem or "cannot be read"
        context = f" ({error.context})" if error.context else ""
        mark = error.problem_mark or error.context_mark
        failure = _fail(file, text, f"not valid YAML: {problem}{context}", mark, cls)
        if mark is not None and text[max(mark.index - 1, 0):mark.index + 1] == "${":
            # `{a: ${env.X}}` is the one YAML trap our syntax sets: `{` opens a mapping there.
            failure.hint = 'inside { } or [ ], put ${…} in quotes: "${env.NAME}"'
        raise failure from None
    except yaml.YAMLError as error:
        raise cls(f"not valid YAML: {error}", Location(file, 1, 1)) from None
    except RecursionError:
        raise cls(f"nested deeper than {MAX_DEPTH} levels", Location(file, 1, 1)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise cls("the file is empty", Location(file, 1, 1))
    source = Source(file, text)
    source.data = _build(node, (), source, loader)
    return source


def _build(node: Node, path: JsonPath, source: Source, loader: _StrictLoader) -> Any:
    source.value_marks[path] = node.start_mark
    if isinstance(node, MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                source.errors.append(source.error_at(key_node.start_mark,
                                                     "a key must be plain text"))
                continue
            # The key as written: YAML 1.1 would turn `on:` (notify) into True.
            key = key_node.value
            key_path = (*path, key)
            if key in mapping:
                first = source.location(key_path, key=True)
                source.errors.append(source.error_at(
                    key_node.start_mark,
                    f"`{key}` appears twice in this mapping (first on line {first.line})"))
                continue
            source.key_marks[key_path] = key_node.start_mark
            mapping[key] = _build(value_node, key_path, source, loader)
        return mapping
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, index), source, loader)
                for index, item in enumerate(node.value)]
    source.raw[path] = node.value
    return _scalar(node, loader)


def _scalar(node: ScalarNode, loader: _StrictLoader) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return loader.construct_yaml_bool(node)
    if tag == "int":
        return loader.construct_yaml_int(node)
    if tag == "float":
        return loader.construct_yaml_float(node)
    # Timestamps and anything else stay the text the user wrote.
    return node.value


def strings_in(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every string value in a loaded document, with where it is (for `${…}` checks)."""
    if isinstance(data, dict):
        for key, item in data.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from strings_in(item, (*path, index))
    elif isinstance(data, str) and path:
        yield path, data
