"""Reviews and approvals: who signed off which content of the register, and is it still that content.

``approvals.yaml`` beside ``register.yaml`` holds one list for the whole disclosure and one per
item. Each entry names who, their role, the date, what they approved (a review or an
approval) and the git object id of the content they saw: an item's file (its blob id) or the
whole register without ``approvals.yaml`` (its tree id), so recording an approval never makes
itself stale. ``climrisk build --final`` builds only while every item and the disclosure have
an approval of their current content; ``climrisk approve`` records one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML

from climrisk.disclosure.document import Document
from climrisk.disclosure.labels import label, same
from climrisk.disclosure.provenance import git_tree_id
from climrisk.errors import UserError
from climrisk.register.models import Register

FILE = "approvals.yaml"
Kind = Literal["review", "approval"]


class SignOff(BaseModel):
    """One review or approval of one piece of content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str = Field(min_length=1, description="Who signed off (a person's name).")
    role: str = Field(min_length=1, description="Their role, e.g. Chief Financial Officer.")
    on: dt.date = Field(description="The date of the sign-off.")
    kind: Kind = Field("approval", description="A review, or an approval.")
    what: str = Field(min_length=1, description="What was reviewed or approved, in words.")
    content: str = Field(pattern=r"^[0-9a-f]{40}$",
                         description="git object id of the content signed off.")


class Approvals(BaseModel):
    """The sign-offs of a register, for the whole disclosure and per item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disclosure: list[SignOff] = Field(default_factory=list)
    items: dict[str, list[SignOff]] = Field(default_factory=dict)


def read(root: Path) -> Approvals:
    """The register's ``approvals.yaml``; none recorded when the file is absent."""
    path = root / FILE
    if not path.is_file():
        return Approvals()
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        return Approvals.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: {where}: {first['msg']}; fix the entry or record it again "
                        "with `climrisk approve`") from None
    except Exception as exc:  # YAML syntax
        raise UserError(f"{path}: not valid YAML ({exc}); fix it or delete it and record "
                        "the approvals again with `climrisk approve`") from None


def content_tree(root: Path) -> str:
    """The git tree id of the register without its approvals: what a disclosure approval covers."""
    return git_tree_id(root, exclude={FILE})


def item_blob(register: Register, item_id: str) -> str:
    """The git blob id of an item's file: what an item approval covers."""
    path = Path(register.files[f"item:{item_id}"])
    if not path.is_absolute():
        path = Path(register.root) / path
    data = path.read_bytes()
    return hashlib.sha1(b"blob " + str(len(data)).encode() + b"\0" + data).hexdigest()


@dataclass(frozen=True)
class Gap:
    """Something ``--final`` needs and does not have."""

    what: str
    why: str
    item: str | None = None
    """The item's id; ``None`` for the disclosure as a whole."""


def _current(entries: list[SignOff], content: str) -> SignOff | None:
    approvals = [e for e in entries if e.kind == "approval" and e.content == content]
    return max(approvals, key=lambda e: e.on) if approvals else None


def gaps(register: Register) -> list[Gap]:
    """Every item and the disclosure that lack an approval of their current content."""
    root = Path(register.root)
    approvals = read(root)
    found = []
    for item in register.items:
        entries = approvals.items.get(item.id, [])
        if _current(entries, item_blob(register, item.id)) is None:
            found.append(Gap(f"item {item.id}", _why(entries), item.id))
    if _current(approvals.disclosure, content_tree(root)) is None:
        found.append(Gap("the disclosure", _why(approvals.disclosure)))
    return found


def _why(entries: list[SignOff]) -> str:
    approved = [e for e in entries if e.kind == "approval"]
    if not approved:
        return "no approval recorded"
    last = max(approved, key=lambda e: e.on)
    return (f"stale: approved by {last.by} on {last.on.isoformat()}, and the content "
            "changed since")


def require_final(register: Register) -> SignOff:
    """The disclosure's approval, or a refusal naming every missing or stale approval."""
    missing = gaps(register)
    if missing:
        lines = "\n".join(f"  {g.what}: {g.why}" for g in missing)
        root = shlex.quote(str(register.root))
        command = f"climrisk approve --by NAME --role ROLE --register {root}"
        ids = [g.item for g in missing if g.item]
        steps = ([f"  {command} --item {i}" for i in ids]
                 + ([f"  {command}"] if any(g.item is None for g in missing) else []))
        raise UserError(
            f"--final: {len(missing)} approval(s) missing or stale:\n{lines}\n"
            "record each once it is reviewed (NAME and ROLE are who signs off):\n"
            + "\n".join(steps) + "\nor build a draft without --final"
        )
    approval = _current(read(Path(register.root)).disclosure, content_tree(Path(register.root)))
    assert approval is not None
    return approval


def record(register: Register, entry: SignOff, item: str | None) -> Path:
    """Append ``entry`` to the register's ``approvals.yaml`` (written whole, then renamed)."""
    root = Path(register.root)
    approvals = read(root)
    if item is None:
        new = Approvals(disclosure=[*approvals.disclosure, entry], items=approvals.items)
    else:
        if item not in {i.id for i in register.items}:
            raise UserError(f"--item {item}: no such item in the register; choose one of "
                            f"{', '.join(i.id for i in register.items)}")
        items = dict(approvals.items)
        items[item] = [*items.get(item, []), entry]
        new = Approvals(disclosure=approvals.disclosure, items=dict(sorted(items.items())))
    path = root / FILE
    staging = path.with_name(f".{FILE}.new")
    yaml = YAML()
    yaml.default_flow_style = False
    with staging.open("w", encoding="utf-8") as fh:
        fh.write("# Reviews and approvals; recorded with `climrisk approve`. `content` is the\n"
                 "# git id of what was signed off (an item's file, or the register without\n"
                 "# this file), so an approval goes stale when that content changes.\n")
        yaml.dump(new.model_dump(mode="json"), fh)
    staging.replace(path)
    return path


def approved(doc: Document, approval: SignOff, register: Register) -> Document:
    """The document stating its approval: a fact under the title and a provenance line."""
    tree = content_tree(Path(register.root))
    text = label("fmt.approval").format(by=same(approval.by), role=same(approval.role),
                                        on=same(approval.on.isoformat()),
                                        what=same(approval.what), tree=same(tree))
    extra = {**doc.provenance.extra,
             "approval": f"{approval.by} ({approval.role}), {approval.on.isoformat()}: "
                         f"{approval.what}; register content {tree}"}
    return dataclasses.replace(doc, facts=(*doc.facts, (label("fact.approval"), text)),
                               provenance=dataclasses.replace(doc.provenance, extra=extra))
