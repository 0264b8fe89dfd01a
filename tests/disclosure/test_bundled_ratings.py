"""The bundled register's ratings spread over the matrix rather than one likelihood column."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter


def test_e4b_uses_more_than_one_likelihood_level(bundled_files: dict[str, bytes]) -> None:
    text = bundled_files["en/tables/e-4b-scenario-ratings.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    pairs = [
        tuple(map(int, m.groups()))
        for row in rows
        for cell in row[3:]
        if (m := re.search(r"\((\d)×(\d)", cell))
    ]
    likelihoods = Counter(lk for lk, _ in pairs)
    magnitudes = Counter(mg for _, mg in pairs)
    assert len(pairs) > 100
    assert len(likelihoods) >= 3 and len(magnitudes) >= 3, (likelihoods, magnitudes)
    # no single likelihood level holds most cells (it was "almost certain" in 188 of 231)
    assert max(likelihoods.values()) < 0.6 * len(pairs), likelihoods
