"""Safe, round-trip YAML reading with source positions, and readable validation messages.

ruamel.yaml's round-trip loader keeps comments and key order (so tools can edit a register
and give a one-line diff) and records each key's line and column, which is how a pydantic
error becomes ``file:line:col``. It never builds Python objects from tags: tags, anchors and
aliases are refused while the file is composed, before anything is constructed, so neither
``!!python/object`` nor an alias bomb ("billion laughs") can do work.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import re
import stat
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, NodeEvent, ScalarEvent

from climrisk.errors import Problem
from climrisk.escaping import first_bidi_control

MAX_BYTES = 128_000
"""Largest register file accepted. A hand-written register file is a few kilobytes (the
bundled register's largest is about 16 kB). A bigger file is a mistake, such as a data file
saved in the wrong place, and round-trip parsing is slow: about a second per 100 kB of the
densest YAML, so this limit keeps any single file well under two seconds."""

MAX_TEXT_CHARS = 20_000
"""Longest text accepted in a register field (about 3,000 words). Longer text is a pasted
document, and Excel cells hold at most 32,767 characters, so it could not be published whole."""

MAX_DEPTH = 40
"""Deepest nesting accepted; register models nest at most six levels."""

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its path as shown to the user and its round-trip data."""

    path: str
    data: Any

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        """1-based line and column of the deepest node of ``loc`` present in the file.

        A location that is not in the file (a missing field) gets the position of its
        nearest parent that is: the mapping the field belongs in.
        """
        node: Any = self.data
        line: int | None = None
        col: int | None = None
        if isinstance(node, CommentedMap):
            line, col = _start(node)
        for part in loc:
            if isinstance(node, CommentedMap) and _has_key(node, part):
                line, col = node.lc.key(part)
                line, col = line + 1, col + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.item(part)
                line, col = line + 1, col + 1
                node = node[part]
            else:
                break
        return line, col

    def problem(self, loc: Loc, message: str, hint: str | None = None) -> Problem:
        """A problem located at ``loc`` in this file."""
        line, col = self.position(loc)
        return Problem(self.path, line, col, dotted(loc), message, hint)

    def resolve(self, loc: Loc) -> Loc:
        """``loc`` with each part replaced by the key it names in the file.

        pydantic reports a key that is not text (``1:``, ``null:``, ``2024-01-01:``) by its
        ``repr``; this finds the key itself so that position and field path are right.
        """
        node: Any = self.data
        out: list[Any] = []
        for part in loc:
            if isinstance(node, CommentedMap):
                if not _has_key(node, part):
                    part = next((k for k in node if part in (repr(k), str(k))), part)
                node = node.get(part) if _has_key(node, part) else None
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
            out.append(part)
        return tuple(out)


def _has_key(node: CommentedMap, part: Any) -> bool:
    try:
        return part in node
    except TypeError:  # an unhashable location part never names a key
        return False


def _start(node: CommentedMap) -> tuple[int, int]:
    """Position of a mapping's first key (line 1 may be the schema comment)."""
    for key in node:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    return node.lc.line + 1, node.lc.col + 1


def dotted(loc: Loc) -> str:
    """``('items', 0, 'title')`` → ``items.0.title``."""
    return ".".join(str(p) for p in loc)


# --------------------------------------------------------------------------- reading


class RefusedYamlError(MarkedYAMLError):
    """YAML that parses but that a register does not allow (tags, anchors, deep nesting)."""


class _Composer(Composer):
    """Refuses tags, anchors and aliases at the first event that carries one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise RefusedYamlError(
                None, None, f"alias *{event.anchor} is not allowed", event.start_mark
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise RefusedYamlError(
                None, None, f"anchor &{event.anchor} is not allowed", event.start_mark
            )
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.ctag is not None:
            raise RefusedYamlError(
                None, None, f"tag {event.ctag} is not allowed", event.start_mark
            )
        depth = getattr(self, "_register_depth", 0) + 1
        if depth > MAX_DEPTH:
            raise RefusedYamlError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._register_depth = depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._register_depth = depth - 1


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves an impossible date (2024-02-30) as text.

    The model then reports it with its field and position instead of the parser failing.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return str(node.value)


_Constructor.add_default_constructor("timestamp")


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


_EMPTY_HINT = "write the file's fields (see the schema named on its first line), or delete it"
_UTF8_HINT = (
    "save the file as UTF-8 (in Excel or Notepad: Save As → Encoding: UTF-8); "
    "Traditional Chinese text in Big5 must be converted"
)


def read_yaml(path: Path, shown: str) -> YamlDocument | Problem:
    """Parse one file, or return the single problem that stops it being read."""
    raw = read_regular_file(path, shown)
    if isinstance(raw, Problem):
        return raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(shown, 1, 1, "", "file is saved as UTF-16, not UTF-8", _UTF8_HINT)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, start) + 1 : start].decode("utf-8", "replace")) + 1
        return Problem(shown, line, col, "", f"not UTF-8 text (byte 0x{raw[start]:02x})",
                       _UTF8_HINT)
    if (at := first_bidi_control(text)) is not None:
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        return Problem(
            shown, line, col, "",
            f"bidirectional control character U+{ord(text[at]):04X} is not allowed",
            "delete it: such characters reorder how text is displayed, so what a reviewer "
            "reads is not what the file says (write right-to-left text without controls)",
        )
    if not any(ln.strip() and not ln.lstrip().startswith("#") for ln in text.splitlines()):
        what = "has only comments" if text.strip() else "is empty"
        return Problem(shown, 1, 1, "", f"file {what}", _EMPTY_HINT)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        return _syntax_problem(shown, exc)
    except YAMLError as exc:
        return _reader_problem(shown, text, exc)
    except RecursionError:
        return Problem(shown, None, None, "", "YAML nests too deeply to read",
                       "a register file nests a few levels; check brackets [ ] and { }")
    if not isinstance(data, CommentedMap):
        return Problem(
            shown, 1, 1, "", f"expected fields (key: value lines), found {_describe(data)}",
            "a register file is a set of 'key: value' lines; see the schema on line 1",
        )
    doc = YamlDocument(shown, data)
    for loc, value in _long_texts(data, ()):
        return doc.problem(loc, f"text of {len(value):,} characters; a register text holds at "
                           f"most {MAX_TEXT_CHARS:,}",
                           "shorten it, or put the long document elsewhere and cite it")
    return doc


def _long_texts(node: Any, loc: Loc) -> typing.Iterator[tuple[Loc, str]]:
    """Every text longer than ``MAX_TEXT_CHARS``, with its location, keys included."""
    if isinstance(node, str):
        if len(node) > MAX_TEXT_CHARS:
            yield loc, node
    elif isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from _long_texts(key, loc)
            yield from _long_texts(value, (*loc, key))
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            yield from _long_texts(value, (*loc, i))


def read_regular_file(path: Path, shown: str, limit: int = MAX_BYTES) -> bytes | Problem:
    """The bytes of ``path`` if it is a regular file under ``limit``, else the problem.

    The file is opened without following a symbolic link and checked on the open handle, so
    neither a link committed into a register nor a swap between check and read makes
    climrisk read (and echo in its errors) a file outside the register.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(shown, None, None, "", "is a symbolic link; a register holds only "
                           "regular files, and climrisk does not follow links",
                           _LINK_HINT)
        return Problem(shown, None, None, "", f"cannot read file: {exc.strerror or exc}",
                       "check that the file exists and that you may read it")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return Problem(shown, None, None, "", "is not a regular file (a device, pipe or "
                           "socket); a register holds only regular files",
                           "replace it with a YAML file, or move it out of the register")
        if info.st_size > limit:
            return Problem(
                shown, None, None, "",
                f"file is {_size(info.st_size)}; a register file must be under {_size(limit)}",
                "check that a data file was not saved in the register by mistake; "
                "split a very long file (e.g. one item per file under items/)",
            )
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            return Problem(shown, None, None, "", f"cannot read file: {exc.strerror or exc}",
                           "check that the file exists and that you may read it")
    if len(data) > limit:
        return Problem(shown, None, None, "", "file grew while it was read",
                       "validate again once nothing writes to the register")
    return data


_LINK_HINT = ("replace the link with the file itself (in git: commit the file, not a link to "
              "it)")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n / 1e3:.0f} kB"


def _syntax_problem(shown: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    if isinstance(exc, RefusedYamlError):
        message = str(exc.problem)
        if message.startswith("tag"):
            hint = ("YAML tags such as !!python/object or !!str are not allowed in a register; "
                    "remove the tag and write a plain value (quote it to make it text)")
        elif message.startswith(("anchor", "alias")):
            hint = ("anchors and aliases (&name / *name) are not allowed; write the value out in "
                    "full, so the register stays readable and diffable")
        else:
            hint = "a register file nests a few levels; check the indentation and brackets"
        return Problem(shown, line, col, "", message, hint)
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    hint = _syntax_hint(problem, context)
    if "duplicate key" in problem:
        return Problem(shown, line, col, "", f"YAML syntax: {problem}", hint)
    if "\\t" in problem or "\t" in problem:
        return Problem(shown, line, col, "",
                       "YAML syntax: tab character where YAML allows only spaces", hint)
    if context and exc.context_mark is not None and exc.problem_mark is not None \
            and exc.context_mark.line != exc.problem_mark.line:
        context += f" (begun on line {exc.context_mark.line + 1})"
    message = "; ".join(filter(None, [context, problem])) or "invalid YAML"
    return Problem(shown, line, col, "", f"YAML syntax: {message}", hint)


def _reader_problem(shown: str, text: str, exc: YAMLError) -> Problem:
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        if isinstance(character, str) and len(character) == 1:
            character = ord(character)
        code = f"U+{character:04X}" if isinstance(character, int) else str(character)
        return Problem(
            shown, line, col, "", f"control character {code} is not allowed in YAML",
            "delete the invisible character (it often comes from copying out of a PDF "
            "or a spreadsheet)",
        )
    return Problem(shown, None, None, "", f"YAML cannot be read: {exc}")


def _syntax_hint(problem: str, context: str) -> str | None:
    if "duplicate key" in problem:
        return "each key may appear once per mapping; remove or merge the repeated one"
    if "\\t" in problem or "\t" in problem:
        return "indent with spaces, never tabs (set your editor to insert spaces)"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Risk: flooding\""
    if "another document" in problem:
        return "a register file holds one document; remove the extra '---' line"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket is not closed"
    if "while scanning a quoted scalar" in context:
        return "a quote is not closed; inside \"…\" write \\\" for a quote, inside '…' write ''"
    if "while scanning a simple key" in context:
        return ("every line of a mapping needs 'key: value'; check the line where this began "
                "and its indentation")
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return "check the indentation: keys of one mapping must line up exactly"
    if "while parsing a flow" in context:
        return "a [list] or {mapping} on one line needs commas between items and a closing bracket"
    return "check the line and the line above it; quote values that contain ':' or '#'"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "nested fields"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = str(value)
        if len(shown) > 60:
            shown = shown[:57] + "…"
        return f"text {shown!r}"
    return type(value).__name__


# --------------------------------------------------------------------------- validation


def validation_problems(
    doc: YamlDocument, exc: ValidationError, model: type[BaseModel] | None = None,
    prefix: Loc = (), limit: int | None = None,
) -> list[Problem]:
    """Turn a pydantic error into located problems, one per error, each with a hint.

    ``limit`` stops after that many problems (``exc.error_count()`` tells how many there are).
    """
    problems = []
    for err in exc.errors(include_url=False)[:limit]:
        loc = tuple(err["loc"])
        key_error = bool(loc) and loc[-1] == "[key]"
        if key_error:
            loc = loc[:-1]
        loc = doc.resolve((*prefix, *loc))[len(prefix):]
        message, hint = _explain(err, loc, model, key_error)
        problems.append(doc.problem((*prefix, *loc), message, hint))
    return problems


def _explain(
    err: Any, loc: Loc, model: type[BaseModel] | None, key_error: bool
) -> tuple[str, str | None]:
    kind: str = err["type"]
    msg: str = err["msg"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    parent = _annotation_at(model, loc[:-1]) if model is not None else None
    target = _annotation_at(model, loc) if model is not None else None
    described = _described(parent, name)
    found = f" (found {_describe(value)})"

    if kind == "missing":
        where = f"under '{loc[-2]}'" if len(loc) >= 2 and isinstance(loc[-2], str) else (
            "in this list entry" if len(loc) >= 2 else "at the top level of the file"
        )
        hint = f"add '{name}:' {where}"
        if described:
            hint += f" ({described})"
        return f"required field '{name}' is missing", hint
    if kind == "extra_forbidden":
        allowed = _field_names(parent)
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'? Otherwise remove it"
        elif allowed:
            hint = f"remove it; fields allowed here: {', '.join(allowed)}"
        else:
            hint = "remove it, or check its spelling against the schema"
        return f"unknown field '{name}'", hint
    if kind == "invalid_key":
        return f"{_describe(value)} is not a field name", (
            "field names are words such as 'name'; check this line's indentation and colons")
    if key_error:
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if isinstance(value, int) and str(value) in allowed:
            return f"key {value} must be written as text", (
                f"put the key in quotes: write '{value}': instead of {value}:")
        if kind.startswith("int"):
            return f"key {_describe(value)} is not a year", _key_hint(kind, ctx)
        return f"key {_describe(value)} is not allowed here: {_lower(msg)}", _key_hint(kind, ctx)
    if kind in {"enum", "literal_error"}:
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5) if allowed else []
        hint = f"did you mean '{close[0]}'? " if close else ""
        expected = str(ctx.get("expected", "")).strip()
        hint += (f"use one of: {', '.join(allowed)}" if allowed
                 else f"use {expected}" if expected else "use one of the values listed")
        return f"{_describe(value)} is not an allowed value", hint
    if value is None and kind.endswith(("_type", "_parsing")):
        return "value is empty", f"write a value after the colon{_or_describe(described)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        fields = _field_names(_strip(target))
        hint = f"write nested fields on the lines below, indented: {', '.join(fields)}" if fields \
            else "write nested 'key: value' lines below it, indented"
        return f"needs nested fields{found}", hint
    if kind in {"list_type", "tuple_type", "set_type"}:
        return f"needs a list{found}", (
            "write one '- value' per line below it, or [a, b] on one line")
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        whole = kind.startswith("int")
        what = "a whole number" if whole else "a number"
        return f"needs {what}{found}", (
            f"write {what} without units, '%' or thousands separators (e.g. 1250000"
            f"{'' if whole else ' or 0.35'})"
        )
    if kind in {"bool_parsing", "bool_type"}:
        return f"needs true or false{found}", "write true or false"
    if kind.startswith(("date_", "datetime_")):
        detail = msg.split(", ", 1)[1] if ", " in msg else ""
        return f"needs a date{found}" + (f": {detail}" if detail else ""), (
            "write dates as YYYY-MM-DD, e.g. 2024-12-31")
    if kind in {"string_type", "str_type"}:
        return f"needs text{found}", "quote the value to make it text, e.g. \"3896\""
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return f"{_lower(msg)}{found}", _range_hint(name, _bounds_at(model, loc), described)
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} has the wrong form", _pattern_hint(
            str(ctx.get("pattern", "")), described)
    if kind in {"too_short", "string_too_short"}:
        return _lower(msg), ("write some text" if kind == "string_too_short"
                             else "add at least the number of entries asked for")
    if kind == "value_error":
        text = re.sub(r"^Value error, ", "", msg)
        if "; write " in text:  # a message that says how to write the value (climrisk.units)
            text, how = text.split("; write ", 1)
            return text, f"write {how}"
        where = f"under '{name}' " if name else ""
        return text, f"correct the values {where}that the message names so that they agree"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return f"{_lower(msg)}{found}", described
    return f"{_lower(msg)}{found}", described


def _lower(msg: str) -> str:
    msg = msg.replace("Input should be", "should be")
    return msg[:1].lower() + msg[1:] if msg[1:2].islower() else msg


def _or_describe(described: str | None) -> str:
    return f": {described}" if described else ""


def _key_hint(kind: str, ctx: dict[str, Any]) -> str:
    allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    if allowed:
        return f"use one of: {', '.join(allowed)}"
    if kind.startswith("int"):
        return "keys here are years, e.g. 2030"
    return "check the key against the schema"


def _range_hint(
    name: str, bounds: tuple[float | None, float | None], described: str | None
) -> str | None:
    low, high = bounds
    if name == "lat":
        return "latitude is in degrees north, -90 to 90; check that lat and lon are not swapped"
    if name == "lon":
        return "longitude is in degrees east, -180 to 180; check that lat and lon are not swapped"
    if low == 0 and high == 1:
        return "this is a fraction between 0 and 1: write 35 % as 0.35"
    if low is not None and high is not None:
        return f"use a value from {low:g} to {high:g}" + (f" ({described})" if described else "")
    return described


def _pattern_hint(pattern: str, described: str | None) -> str:
    if pattern.startswith("^[A-Za-z0-9][A-Za-z0-9_.-]"):
        return "ids start with a letter or digit and use only letters, digits, '-', '_' or '.'"
    if pattern == "^[A-Z]{3}$":
        return "write a three-letter ISO 4217 currency code in capitals, e.g. CNY"
    return described or f"the value must match {pattern}"


# --------------------------------------------------------------------------- model lookup


def _strip(tp: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` → ``X``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field(model: type[BaseModel], name: str) -> Any:
    for fname, info in model.model_fields.items():
        if name in (fname, info.alias):
            return info
    return None


def _annotation_at(model: Any, loc: Loc) -> Any:
    """The type the model expects at ``loc``, or ``None`` when ``loc`` leaves the model."""
    tp: Any = model
    for part in loc:
        tp = _strip(tp)
        origin = typing.get_origin(tp)
        if _is_model(tp):
            info = _field(tp, str(part))
            if info is None:
                return None
            tp = info.annotation
        elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else Any
        elif origin is dict:
            args = typing.get_args(tp)
            tp = args[1] if len(args) == 2 else Any
        else:
            return None
    return tp


def _field_names(tp: Any) -> list[str]:
    tp = _strip(tp)
    if not _is_model(tp):
        return []
    return [info.alias or name for name, info in tp.model_fields.items()]


def _described(parent: Any, name: str) -> str | None:
    parent = _strip(parent)
    if not _is_model(parent):
        return None
    info = _field(parent, name)
    if info is None:
        return None
    text = info.description
    if not text:
        sub = _strip(info.annotation)
        if _is_model(sub):
            text = f"nested fields: {', '.join(_field_names(sub))}"
        elif isinstance(sub, type) and issubclass(sub, Enum):
            text = f"one of: {', '.join(str(m.value) for m in sub)}"
    if text:
        text = text.rstrip(".")
        if text[1:2].islower():
            text = text[:1].lower() + text[1:]
    return text or None


def _bounds_at(model: Any, loc: Loc) -> tuple[float | None, float | None]:
    """Lower and upper bound the model puts on the number at ``loc``."""
    if model is None or not loc:
        return None, None
    parent = _strip(_annotation_at(model, loc[:-1]))
    if _is_model(parent):
        info = _field(parent, str(loc[-1]))
        if info is None:
            return None, None
        low, high = _meta_bounds(info, None, None)
        inner = _bounds(info.annotation)
        return (low if low is not None else inner[0]), (high if high is not None else inner[1])
    return _bounds(_annotation_at(model, loc))


def _bounds(annotation: Any) -> tuple[float | None, float | None]:
    low = high = None
    tp = annotation
    while typing.get_origin(tp) in (typing.Annotated, typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if typing.get_origin(tp) is typing.Annotated:
            for meta in args[1:]:
                low, high = _meta_bounds(meta, low, high)
            tp = args[0]
        else:
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                break
            tp = rest[0]
    return low, high


def _meta_bounds(meta: Any, low: Any, high: Any) -> tuple[Any, Any]:
    for sub in getattr(meta, "metadata", [meta]):
        for attr in ("ge", "gt"):
            if getattr(sub, attr, None) is not None:
                low = getattr(sub, attr)
        for attr in ("le", "lt"):
            if getattr(sub, attr, None) is not None:
                high = getattr(sub, attr)
    return low, high
