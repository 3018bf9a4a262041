"""trafilatura's reading of a chosen body container (extract/text.py)."""

from __future__ import annotations

import lxml.html

from newscrawler.extract.text import extract_paragraphs

SUBHEADINGS = ["Сколько воды у нас есть", "Куда уходит вода", "Климат", "Что делается"]


def test_subheadings_stay_in_a_container_trafilatura_finds_no_content_class_in():
    """A long body in a wrapper of no class trafilatura knows is read by its recovery of loose
    text blocks, which takes no headings: the subheadings must come through all the same."""
    blocks = "".join(
        f"<h{2 + i % 2}>{heading}</h{2 + i % 2}>"
        + "".join(
            f"<p>Абзац {i}.{j} о воде, реках и каналах Казахстана, длиной в одно предложение, "
            f"как в настоящей статье о водных ресурсах страны.</p>"
            for j in range(6)
        )
        for i, heading in enumerate(SUBHEADINGS)
    )
    container = lxml.html.fromstring(
        f"<div class='article__block'><div class='description'>Лид статьи.</div>"
        f"<div class='content'>{blocks}</div></div>"
    )
    paragraphs = extract_paragraphs(container)
    assert [p for p in paragraphs if p in SUBHEADINGS] == SUBHEADINGS
    assert paragraphs[0] == "Лид статьи."
    assert len(paragraphs) == 1 + len(SUBHEADINGS) * 7
