"""The open vocabularies: core words, words of the industry packs, words a register declares.

A register may use a word when it is a core word, a word of one of the packs it names under
``packs:``, or one it declares under ``vocabulary:`` in ``register.yaml`` with a bilingual
label. ``Lexicon`` answers both questions the rest of the code asks: may this word be used
here, and what is its label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

from climrisk.register.models import RegisterFile, Text
from climrisk.vocabulary import (
    CHINA_GRID_REGIONS,
    CORE_ASSET_KINDS,
    CORE_DRIVERS,
    CORE_ITEM_CATEGORIES,
    CORE_MODELS,
    CORE_TARGET_METRICS,
)

VOCABULARIES = (
    "asset_kinds",
    "drivers",
    "regions",
    "item_categories",
    "target_metrics",
    "metric_fields",
    "models",
)
"""The open vocabularies, named as under ``vocabulary:`` in ``register.yaml``."""

SINGULAR = {
    "asset_kinds": "asset kind",
    "drivers": "driver",
    "regions": "electricity region",
    "item_categories": "item category",
    "target_metrics": "target metric",
    "metric_fields": "metric field",
    "models": "model",
}

CURRENCY_ALIASES = {"RMB": "CNY", "NTD": "TWD", "HKS": "HKD", "UKP": "GBP", "RUR": "RUB"}
"""Common non-ISO spellings and the ISO 4217 code they mean."""


def core_words(vocabulary: str) -> tuple[str, ...]:
    """The core words of a vocabulary (no pack, no register)."""
    return {
        "models": CORE_MODELS,
        "asset_kinds": CORE_ASSET_KINDS,
        "drivers": CORE_DRIVERS,
        "regions": CHINA_GRID_REGIONS,
        "item_categories": CORE_ITEM_CATEGORIES,
        "target_metrics": CORE_TARGET_METRICS,
        "metric_fields": (),
    }[vocabulary]


def pack_words(vocabulary: str, packs: Iterable[str] | None = None) -> dict[str, Text | None]:
    """Word -> label of the words the packs add (``None``: every bundled pack)."""
    from climrisk.packs import all_packs, packs_of

    chosen = list(all_packs().values()) if packs is None else packs_of(list(packs))
    out: dict[str, Text | None] = {}
    for pack in chosen:
        spec = pack.spec
        if vocabulary == "asset_kinds":
            out.update(spec.asset_kinds)
        elif vocabulary == "models":
            out.update(spec.models)
        elif vocabulary == "target_metrics":
            out.update({k: m.label for k, m in spec.target_metrics.items()})
    return out


@cache
def suggestions(vocabulary: str) -> list[str]:
    """Core and bundled-pack words, for the JSON Schema's autocompletion."""
    return sorted({*core_words(vocabulary), *pack_words(vocabulary)})


def kind_groups(packs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Selector -> asset kinds, from the named packs (``data-centers`` -> its kinds)."""
    from climrisk.packs import packs_of

    out: dict[str, tuple[str, ...]] = {}
    for pack in packs_of(list(packs)):
        out.update({k: tuple(v) for k, v in pack.spec.kind_groups.items()})
    return out


@dataclass(frozen=True)
class Lexicon:
    """The words one register may use, and their labels."""

    main: RegisterFile

    def declared(self, vocabulary: str) -> dict[str, Text]:
        """Words the register declares, with their labels."""
        terms = getattr(self.main.vocabulary, vocabulary, None) or {}
        return {w: t.label for w, t in terms.items()}

    def allowed(self, vocabulary: str) -> list[str]:
        """Every word the register may use, core first."""
        words = [*core_words(vocabulary)]
        words += [w for w in pack_words(vocabulary, self.main.packs) if w not in words]
        words += [w for w in self.declared(vocabulary) if w not in words]
        return words

    def label(self, vocabulary: str, word: str) -> Text | None:
        """The register's or pack's label of a word; ``None`` for core words (their labels are
        in the disclosure's catalogue) and unknown ones."""
        declared = self.declared(vocabulary)
        if word in declared:
            return declared[word]
        return pack_words(vocabulary, self.main.packs).get(word)


def iso_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code."""
    return pycountry.currencies.get(alpha_3=code) is not None


def currency_hint(code: str) -> str:
    """How to write a non-ISO currency code."""
    alias = CURRENCY_ALIASES.get(code.upper())
    if alias:
        return f"did you mean '{alias}'? {code} is not an ISO 4217 code; write {alias}"
    import difflib

    codes = sorted(c.alpha_3 for c in pycountry.currencies)
    close = difflib.get_close_matches(code.upper(), codes, n=3, cutoff=0.6)
    near = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return f"{near}use an ISO 4217 code such as CNY, HKD, USD, EUR, AUD, INR"


def iso_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code."""
    return pycountry.countries.get(alpha_2=code) is not None
