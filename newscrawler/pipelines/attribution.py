"""original_source and photo_credit: the one place either field is set.

The markup stage reads the page's credit elements, which often stand outside the body (a source
link in a meta row, a credit in a <figure>), and hands over what they say as `ArticleItem.credits`.
The body may still hold credit lines of its own ('Источник: zakon.kz' closing the text, a
'Фото: …' caption kept as a paragraph), always so for a body from JSON-LD or a whole-page reading.
This pipeline takes the markup's reading first and the body's first line of each kind after it,
takes every such line out of the body, and writes both fields in their one form. A line crediting
text and photos at once ('Фото и текст: Kazinform') gives both, or only the credit for a person.
Stats: `cleaning/source_line_removed`, `cleaning/photo_credit_removed`.
"""

from __future__ import annotations

import re

from newscrawler.extract.boilerplate import (
    PERSON,
    SOURCE_AND_PHOTO_LINE,
    Boilerplate,
    normalize_outlet,
)
from newscrawler.extract.html import clean_text
from newscrawler.items import ArticleItem
from newscrawler.pipelines.cleaning import ParagraphPipeline

MAX_CAPTION = 120
"""A line of one phrase closing with a credit ('Порт Аральска, 2025 год. Фото: …') is a photo's
caption, kept as a paragraph where no markup told it; a line of sentences is prose whose credit
tail goes."""
_SENTENCE_BREAK = re.compile(r"[.!?]\s")


class AttributionPipeline(ParagraphPipeline):
    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        outlet, credit = item.credits.get("source"), item.credits.get("photo")
        kept: list[str] = []
        for para in paras:
            both = SOURCE_AND_PHOTO_LINE.match(para)
            if both:
                self.count("source_line")
                who = both["who"]
                outlet = outlet or (None if PERSON.match(who) else who)
                credit = credit or who
                continue
            source, para = self._source_line(para, rules)
            outlet = outlet or source
            if not para:
                continue
            photo = rules.photo_credit.match(para)
            if photo:
                self.count("photo_credit")
                credit = credit or photo["credit"]
                continue
            # A search at every position for the label before its colon: most paragraphs have none.
            caption = rules.caption_credit.search(para) if ":" in para else None
            if caption:
                self.count("photo_credit")
                credit = credit or caption["credit"]
                para = para[: caption.start()].strip()
                if len(para) <= MAX_CAPTION and not _SENTENCE_BREAK.search(para.rstrip(".!?")):
                    continue
            kept.append(para)
        item.original_source = normalize_outlet(clean_text(outlet)) or None if outlet else None
        item.photo_credit = clean_text(credit) or None if credit else None
        return kept

    def _source_line(self, para: str, rules: Boilerplate) -> tuple[str | None, str]:
        """The outlet a source line closing `para` names, and what is left of `para`; a label
        whose link the markup stage took ('Источник:') goes too."""
        if not rules.source_label_start.search(para):  # most paragraphs name no source
            return None, para
        outlet = None
        line = rules.source_line.search(para)
        if line:
            self.count("source_line")
            outlet, para = line["outlet"], para[: line.start()].strip()
        label = rules.bare_source_label.search(para)
        if label:
            self.count("source_line")
            para = para[: label.start()].strip()
        return outlet, para
