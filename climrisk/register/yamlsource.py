"""Safe, round-trip YAML reading with source positions.

ruamel.yaml's round-trip loader keeps comments and key order (so tools can edit a register
and give a one-line diff) and records each key's line and column, which is how a pydantic
error becomes ``file:line:col``. It never builds Python objects from tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from climrisk.errors import Problem

MAX_BYTES = 2_000_000
"""Largest register file accepted; a register file of this size is a mistake, not data."""

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its path as shown to the user and its round-trip data."""

    path: str
    data: Any

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        """1-based line and column of the deepest node of ``loc`` present in the file."""
        node: Any = self.data
        line: int | None = 1 if isinstance(node, CommentedMap) else None
        col: int | None = 1 if line else None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
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


def dotted(loc: Loc) -> str:
    """``('items', 0, 'title')`` → ``items.0.title``."""
    return ".".join(str(p) for p in loc)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path, shown: str) -> YamlDocument | Problem:
    """Parse one file, or return the single problem that stops it being read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(shown, None, None, "", f"cannot read file: {exc.strerror}")
    if size > MAX_BYTES:
        return Problem(
            shown,
            None,
            None,
            "",
            f"file is {size / 1e6:.1f} MB; register files must be under {MAX_BYTES / 1e6:.0f} MB",
            "split it, or check that a data file was not saved under the register by mistake",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(
            shown,
            line,
            col,
            "",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8; Traditional Chinese in Big5 must be converted",
        )
    if not text.strip() or all(
        ln.strip().startswith("#") for ln in text.splitlines() if ln.strip()
    ):
        return Problem(shown, 1, 1, "", "file is empty", "write the file's fields, or delete it")
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return Problem(shown, line, col, "", f"YAML syntax: {message}", _syntax_hint(message))
    except YAMLError as exc:
        return Problem(shown, None, None, "", f"YAML syntax: {exc}")
    if not isinstance(data, CommentedMap):
        return Problem(
            shown, 1, 1, "", f"expected a mapping of fields, found {type(data).__name__}"
        )
    shared = _first_shared_node(data)
    if shared is not None:
        return Problem(
            shown,
            None,
            None,
            dotted(shared),
            "anchors and aliases (&name / *name) are not allowed in a register",
            "write the value out in full; registers stay readable and diffable that way",
        )
    tagged = _first_tagged(data, ())
    if tagged is not None:
        doc = YamlDocument(shown, data)
        return doc.problem(
            tagged, "YAML tags (!name) are not allowed", "remove the tag and write a plain value"
        )
    return YamlDocument(shown, data)


def _syntax_hint(message: str) -> str | None:
    if "\\t" in message or "tab" in message.lower():
        return "indent with spaces, never tabs"
    if "could not determine a constructor" in message:
        return "YAML tags such as !!python/object are not allowed; write a plain value"
    if "duplicate key" in message:
        return "each key may appear once per mapping; remove or rename the repeated one"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    return None


def _first_shared_node(root: Any) -> Loc | None:
    """Location of the first container reached twice (an alias); aliases can blow up work."""
    seen: set[int] = set()
    stack: list[tuple[Any, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            continue
        if id(node) in seen:
            return loc
        seen.add(id(node))
        children = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        stack.extend((v, (*loc, k)) for k, v in children)
    return None


def _first_tagged(node: Any, loc: Loc) -> Loc | None:
    if isinstance(node, TaggedScalar):
        return loc
    tag = getattr(node, "tag", None)
    if tag is not None and getattr(tag, "value", None):
        return loc
    if isinstance(node, CommentedMap):
        for k, v in node.items():
            found = _first_tagged(v, (*loc, k))
            if found is not None:
                return found
    elif isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            found = _first_tagged(v, (*loc, i))
            if found is not None:
                return found
    return None


HINTS: dict[str, str] = {
    "missing": "add this field",
    "extra_forbidden": "remove it, or check its spelling against the schema",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "enum": "use one of the values listed",
    "literal_error": "use one of the values listed",
    "string_pattern_mismatch": "ids use letters, digits, '-', '_' or '.'",
    "float_parsing": "write a plain number without units or thousands separators",
    "int_parsing": "write a whole number",
    "string_type": "quote the value to make it text",
    "dict_type": "this field needs nested fields (a mapping)",
    "list_type": "this field needs a list: one '- value' per line",
}


def validation_problems(doc: YamlDocument, exc: ValidationError, prefix: Loc = ()) -> list[Problem]:
    """Turn a pydantic error into located problems, one per error."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append(doc.problem(loc, message, HINTS.get(err["type"])))
    return problems
