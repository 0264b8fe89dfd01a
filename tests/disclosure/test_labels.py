"""The label catalogue: both languages for every key, and a label for every controlled word."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest

from climrisk import vocabulary as v
from climrisk.disclosure.content_index import part_d
from climrisk.disclosure.labels import LANGUAGES, catalogue, label

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_key_has_both_languages() -> None:
    for key, entry in catalogue().items():
        assert sorted(entry) == sorted(LANGUAGES), key
        assert all(isinstance(entry[lang], str) and entry[lang] for lang in LANGUAGES), key


def test_placeholders_agree_between_languages() -> None:
    for key, entry in catalogue().items():
        found = {lang: sorted(PLACEHOLDER.findall(entry[lang])) for lang in LANGUAGES}
        assert found["en"] == found["zh-Hant"], key


@pytest.mark.parametrize(
    ("prefix", "enum"),
    [
        ("value_chain", v.ValueChainStage),
        ("status", v.ResponseStatus),
        ("tcfd", v.TcfdFinancialCategory),
        ("statement", v.StatementArea),
        ("reason", v.NotQuantifiedReason),
        ("issuer", v.IssuerClass),
        ("target_kind", v.TargetKind),
        ("direction", v.TargetDirection),
    ],
)
def test_every_controlled_word_has_a_label(prefix: str, enum: type[StrEnum]) -> None:
    for member in enum:
        assert label(f"{prefix}.{member.value}").zh_hant


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("category", v.CORE_ITEM_CATEGORIES),
        ("model", v.CORE_MODELS),
        ("target_metric", v.CORE_TARGET_METRICS),
    ],
)
def test_every_core_word_has_a_label(prefix: str, words: tuple[str, ...]) -> None:
    for word in words:
        assert label(f"{prefix}.{word}").zh_hant


def test_every_pack_word_has_a_label() -> None:
    from climrisk.packs import all_packs

    for pack in all_packs().values():
        for model in pack.model_specs():
            assert label(f"model.{model}").zh_hant
        for metric in pack.spec.target_metrics:
            assert label(f"target_metric.{metric}").zh_hant


def test_every_part_d_requirement_is_labelled() -> None:
    for req in part_d()["requirements"]:
        assert label(f"req.{req['id']}").en
        assert label(f"section.{req['section']}").en
    for group in part_d()["phasing"].values():
        for steps in group.values():
            for _, level in steps:
                assert label(f"obligation.{level}").en
