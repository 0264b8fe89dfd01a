"""zh-Hant outputs use Traditional characters only.

OpenCC gives the tables: a character its Simplified-to-Traditional table (s2t) maps to another
is Simplified (决 for 決, 潜 for 潛), and its Traditional-to-Japanese table gives the Japanese
forms of Traditional characters (産 for 產, 値 for 值) that s2t leaves alone. Characters that
are at once a Simplified form and a standard Traditional character in other words (里 in 公里,
干 in 干擾, 布 in 分布) are allowed; OpenCC's phrase tables cannot tell those uses apart
character by character.
"""

from __future__ import annotations

from functools import cache

import pytest

opencc = pytest.importorskip("opencc")

CJK = range(0x4E00, 0xA000)
ALSO_TRADITIONAL = set("並連研即概併予里干游准占后台布核峰面只着系")
"""Standard Traditional characters that the tables also list: the Japanese table maps old
variants (竝, 硏, 卽) onto some, and the Simplified table maps others to the Traditional
character of another word (里 → 裏, 占 → 佔)."""


@cache
def _converter(config: str):  # type: ignore[no-untyped-def]
    return opencc.OpenCC(f"{config}.json")


@cache
def japanese_forms() -> dict[str, str]:
    """Japanese form → Traditional character, for Traditional characters standard in HK and TW."""
    chars = [chr(c) for c in CJK]
    text = "\n".join(chars)

    def run(config: str) -> list[str]:
        return _converter(config).convert(text).split("\n")

    s2t, t2jp, t2hk, t2tw = run("s2t"), run("t2jp"), run("t2hk"), run("t2tw")
    hk = dict(zip(chars, t2hk, strict=True))
    return {
        jp: c
        for c, st, jp, tw in zip(chars, s2t, t2jp, t2tw, strict=True)
        if jp != c and st == c and hk[c] == c and tw == c and hk[jp] == jp
        and jp not in ALSO_TRADITIONAL
    }


@cache
def simplified_forms() -> dict[str, str]:
    """Simplified character → its Traditional form, character by character."""
    chars = [chr(c) for c in CJK]
    converted = _converter("s2t").convert("\n".join(chars)).split("\n")
    return {
        c: t for c, t in zip(chars, converted, strict=True) if t != c and c not in ALSO_TRADITIONAL
    }


def non_traditional(text: str) -> dict[str, str]:
    """Each character of ``text`` that is not Traditional, with its Traditional form."""
    forms = simplified_forms() | japanese_forms()
    return {ch: forms[ch] for ch in set(text) if ch in forms}


def test_the_table_catches_the_reviewers_examples() -> None:
    assert non_traditional("固定資産減值，潜在影響") == {"産": "產", "潜": "潛"}
    assert non_traditional("固定資產減值，潛在影響；公里、著重、為、核算、分布、碳達峰") == {}
    assert non_traditional("最高决策機構") == {"决": "決"}


def test_zh_hant_outputs_are_traditional(bundled_files: dict[str, bytes]) -> None:
    bad: dict[str, dict[str, str]] = {}
    for path, data in bundled_files.items():
        if path.startswith("zh-Hant/") and path.endswith((".md", ".html", ".csv", ".svg")):
            found = non_traditional(data.decode("utf-8-sig"))
            if found:
                bad[path] = found
    assert not bad, bad
