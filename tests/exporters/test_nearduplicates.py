"""The near-duplicate primitives on their edge cases: what counts as a word, short and empty
bodies, and a bucket larger than the comparison window."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import story_texts as texts

from newscrawler.exporters.nearduplicates import components, pairs, signatures


def test_case_punctuation_and_line_breaks_do_not_count() -> None:
    a = "Курс доллара вырос до 470 тенге, сообщает «Нацбанк»!\n\nТорги закрылись."
    b = "курс доллара вырос до 470 тенге сообщает нацбанк торги закрылись"
    sigs = signatures(pa.array([a, b]))
    assert (sigs[0] == sigs[1]).all()


def test_short_bodies_are_one_shingle_and_an_empty_one_is_never_grouped() -> None:
    sigs = signatures(pa.array(["Фото дня", "фото дня.", "Видео дня", "— …", None]))
    assert not sigs[3:].any()
    assert pairs(sigs).tolist() == [[0, 1]]


def test_a_bucket_larger_than_the_window_still_forms_one_group() -> None:
    """Forty copies of one text with a word changed in each: every band bucket holds all forty,
    each compared with its next WINDOW mates only, yet the group is whole."""
    words = texts.FARE_ORIGINAL.split()
    copies = [" ".join([*words[:i], "слово", *words[i + 1 :]]) for i in range(40)]
    found = pairs(signatures(pa.array(copies)))
    assert len(found) < 40 * 39 // 2  # not every pair compared
    assert set(components(40, found).tolist()) == {0}


def test_components_name_each_group_by_its_smallest_member() -> None:
    groups = components(6, np.array([[3, 5], [1, 4], [4, 5]]))
    assert groups.tolist() == [0, 1, 2, 1, 1, 1]
