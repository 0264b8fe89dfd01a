"""The bilingual label catalogue: every fixed word the disclosure prints, in one YAML file.

Register text (titles, narratives) comes from the register itself; everything else a table
prints (column headers, category names, units, statuses) is looked up here by a stable key,
so a translation fix is one line in ``labels.yaml`` and never a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from climrisk.register.models import Register, Text
from climrisk.vocabulary import Language

CATALOGUE = Path(__file__).with_name("labels.yaml")
APP_CATALOGUE = Path(__file__).with_name("app_labels.yaml")
"""The app's own words: a second file of the same catalogue, every key under ``app.``."""
LANGUAGES: tuple[str, ...] = tuple(lang.value for lang in Language)
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
FOLDED_CJK_SPACE = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")


@dataclass(frozen=True)
class Words:
    """One piece of text in every disclosure language."""

    en: str
    zh_hant: str

    def in_(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``zh-Hant``)."""
        if lang == Language.en:
            return self.en
        if lang == Language.zh_hant:
            return self.zh_hant
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")

    def neutral(self) -> dict[str, str]:
        """Both languages keyed by language code, as the JSON output carries text."""
        return {"en": self.en, "zh-Hant": self.zh_hant}

    def format(self, **values: Any) -> Words:
        """Fill ``{name}`` placeholders in both languages; ``Words`` values are localised."""

        def fill(lang: str) -> str:
            local = {k: v.in_(lang) if isinstance(v, Words) else v for k, v in values.items()}
            return self.in_(lang).format(**local)

        return Words(fill(Language.en), fill(Language.zh_hant))

    def __add__(self, other: Words) -> Words:
        return Words(self.en + other.en, self.zh_hant + other.zh_hant)


def same(text: str) -> Words:
    """Text that reads the same in every language (ids, codes, numbers)."""
    return Words(text, text)


def words(text: Text) -> Words:
    """Register text as ``Words``; the line breaks YAML folds into spaces between Chinese
    characters are dropped, since Chinese sets no space between words."""
    return Words(text.en.strip(), FOLDED_CJK_SPACE.sub("", text.zh_hant.strip()))


def join(parts: list[Words], sep: Words | None = None) -> Words:
    """Join ``parts`` with a language-appropriate list separator."""
    sep = sep or label("sep.list")
    return Words(sep.en.join(p.en for p in parts), sep.zh_hant.join(p.zh_hant for p in parts))


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Key → {language → text}, as written in ``labels.yaml`` and ``app_labels.yaml``.

    One catalogue for the disclosure and the app, so a term is translated once; the app's
    file holds only ``app.`` keys, and a key in both files is refused rather than shadowed.
    """
    data: dict[str, dict[str, str]] = {}
    for path in (CATALOGUE, APP_CATALOGUE):
        with path.open(encoding="utf-8") as fh:
            part: dict[str, dict[str, str]] = YAML(typ="safe").load(fh)
        clash = sorted(set(part) & set(data))
        if clash:
            raise ValueError(f"{path.name}: keys already in the catalogue: {', '.join(clash)}")
        data.update(part)
    from climrisk.packs import all_packs

    # Each industry pack declares its own words' labels (model.<id>, target_metric.<id>,
    # asset_kind.<id> and its labels:), so a new pack needs no line here.
    for pack in all_packs().values():
        spec = pack.spec
        entries = {
            **{f"model.{k}": t for k, t in spec.models.items()},
            **{f"target_metric.{k}": m.label for k, m in spec.target_metrics.items()},
            **{f"asset_kind.{k}": t for k, t in spec.asset_kinds.items()},
            **spec.labels,
        }
        data.update({k: {"en": t.en, "zh-Hant": t.zh_hant} for k, t in entries.items()})
    return data


def term(register: Register, vocabulary: str, word: str, prefix: str) -> Words:
    """The label of an open-vocabulary word: the register's declaration, else the catalogue's
    ``prefix.word`` (core and pack words)."""
    from climrisk.register.terms import Lexicon

    declared = Lexicon(register.main).declared(vocabulary).get(word)
    return words(declared) if declared is not None else label(f"{prefix}.{word}")


def label(key: str) -> Words:
    """The catalogue entry ``key``; a missing key is a programming error and stays loud."""
    entry = catalogue()[key]
    return Words(entry["en"], entry["zh-Hant"])


def text(key: str, lang: str, **values: Any) -> str:
    """The catalogue entry ``key`` in ``lang``, with its ``{placeholders}`` filled."""
    return label(key).format(**values).in_(lang)
