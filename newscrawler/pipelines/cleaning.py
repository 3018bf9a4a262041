"""Text cleaning, one boilerplate kind per pipeline, each counting in the stats what it removed.

These rules work on the item's `paragraphs`, whatever markup the page had: they are the safety net
behind the markup stage (extract/article.py). The rules themselves are the source's `Boilerplate`.
The paragraphs stay a list from extraction to FingerprintPipeline, which joins them into `body`
once: no pipeline splits a joined text again.
Stats keys: `cleaning/<kind>_removed` counts paragraphs (or paragraph tails) removed.
"""

from __future__ import annotations

import hashlib
import re

from newscrawler.extract.boilerplate import (
    DASH_ONLY,
    FURNITURE,
    RELATED_ITEM,
    SHARE,
    SOCIAL_EMBED,
    Boilerplate,
    is_appeal,
    speaks_of_channels,
)
from newscrawler.extract.dates import DATE_LINE_RE
from newscrawler.extract.html import clean_text
from newscrawler.items import ArticleItem, join_paragraphs
from newscrawler.pipelines import StatsPipeline
from newscrawler.sources import boilerplate_for

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_WORD_CHAR = re.compile(r"\w")
_LEAD_IN = re.compile(r"[,:–—-]\s*$")
"""What a promo leaves when cut out of its sentence ('Если хотите первыми узнавать новости,'):
a clause that ends where the promo began belongs to the promo."""
_APPEAL_HEADING = re.compile(r"^[^.!?]{1,60}\?$")
"""A short question right before an appeal heads it ('Понравился проект?', 'Есть новость?')."""
_SIGN_OFF_PLACE = re.compile(r"^(?-i:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{3,}(?:[- ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,})?)[.,]?$")
"""A place in capitals closing the text ('ТҮРКІСТАН', 'УСТЬ-КАМЕНОГОРСК'): the end of a
newspaper's signature (name, paper, city), whose other lines are a byline."""
_LEADING_ITEM = re.compile(rf"^\s*[-–—•·]?\s*(?:{DATE_LINE_RE.pattern})", re.IGNORECASE)


class ParagraphPipeline(StatsPipeline):
    """Base: run `clean` on the item's paragraphs and count removals under cleaning/<kind>."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.paragraphs:
            item.paragraphs = self.clean(item, item.paragraphs, boilerplate_for(item.site))
        return item

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        raise NotImplementedError

    def count(self, kind: str, n: int = 1) -> None:
        self.stats.inc_value(f"cleaning/{kind}_removed", n)


class NormalizePipeline(StatsPipeline):
    """Whitespace, nbsp, soft hyphens and zero-width marks out of every text field; a paragraph
    holding line breaks split into one paragraph per line, blank ones dropped."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        lines = (line for para in item.paragraphs for line in para.split("\n"))
        paras = [p for p in map(clean_text, lines) if p]
        if paras != item.paragraphs:
            self.stats.inc_value("cleaning/body_normalized")
        item.paragraphs = paras
        item.title = clean_text(item.title) or None if item.title is not None else None
        item.authors = list(dict.fromkeys(a for a in map(clean_text, item.authors) if a))
        item.tags = list(dict.fromkeys(t for t in map(clean_text, item.tags) if t))
        return item


class RelatedBlockPipeline(ParagraphPipeline):
    """The 'Читайте также:' block of latest headlines, in any of its shapes: heading then items
    (dash / timestamp / headline), items run together on one line, or run onto a paragraph's end.
    Stray items (a dash, a timestamp, a timestamp with its headline) go too."""

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        kept: list[str] = []
        in_block = after_date = False
        for para in paras:
            heading = rules.related_start.search(para)
            if heading and self._opens_block(para, heading):
                head = para[: heading.start()].strip()
                if head:
                    kept.append(head)
                self.count("related")
                in_block, after_date = True, False
                continue
            if DASH_ONLY.match(para) or (in_block and after_date and len(para) <= 300):
                self.count("related")
                after_date = False
                continue
            item_match = RELATED_ITEM.match(para)
            if item_match:
                self.count("related")
                after_date = not item_match["headline"].strip()
                continue
            in_block = after_date = False
            kept.append(para)
        return kept

    @staticmethod
    def _opens_block(para: str, heading: re.Match[str]) -> bool:
        """A heading alone, a heading followed by items, or one run onto a paragraph's end."""
        rest = para[heading.end() :]
        return not rest.strip() or bool(_LEADING_ITEM.match(rest))


class FooterPipeline(ParagraphPipeline):
    """Promo and slogan lines, share-button text, stand-alone furniture (an ad label, a poll's
    question), the outlet's appeals to subscribe, write in or donate in any wording (with the
    short question heading one), and a signature's place in capitals closing the text. Source
    lines and credits are pipelines/attribution.py's: a paragraph naming the source is left to
    the promo phrases, which keep the rest of it."""

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        kept: list[str] = []
        for para in paras:
            if SHARE.match(para):
                self.count("share")
                continue
            if FURNITURE.match(para):
                self.count("furniture")
                continue
            stripped = clean_text(rules.footer.sub(" ", para))
            if _WORD_CHAR.search(stripped) and self._appeal(para, stripped, kept, rules):
                continue
            if stripped != para:
                self.count("footer")
                if not _WORD_CHAR.search(stripped) or _LEAD_IN.search(stripped):
                    continue
                para = stripped
            kept.append(para)
        while kept and _SIGN_OFF_PLACE.match(kept[-1]):
            kept.pop()
            self.count("sign_off")
        return kept

    def _appeal(self, para: str, stripped: str, kept: list[str], rules: Boilerplate) -> bool:
        """Whether `para` is an appeal (boilerplate.is_appeal), or what is left of one once the
        promo phrases are cut out (`stripped`) still speaks of the outlet's channels; taken out
        with the short question heading it. One naming the source is left to the promo phrases,
        which keep the source; so is a paragraph whose news a known promo phrase follows."""
        if not (is_appeal(para) if stripped == para else speaks_of_channels(stripped)):
            return False  # most paragraphs, told first: a long one at once
        if rules.source_label_start.search(para):
            return False
        self.count("appeal")
        if kept and _APPEAL_HEADING.match(kept[-1]):
            kept.pop()
            self.count("appeal")
        return True


class SocialEmbedPipeline(ParagraphPipeline):
    """The chrome of embedded Instagram / X / TikTok / YouTube widgets."""

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        kept = [p for p in paras if not SOCIAL_EMBED.match(p)]
        if len(kept) < len(paras):
            self.count("social_embed", len(paras) - len(kept))
        return kept


class TitleRepeatPipeline(ParagraphPipeline):
    """A first paragraph that repeats the headline."""

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        if paras and item.title and paras[0].casefold() == item.title.casefold():
            self.count("title")
            return paras[1:]
        return paras


def fingerprint(body: str | None) -> tuple[int, str | None]:
    """word_count and content_hash of a final body (sha256 of its UTF-8 bytes, as stored)."""
    if not body:
        return 0, None
    # subn counts the words without making a list of them: a fifth less time than findall.
    return _WORD.subn("", body)[1], hashlib.sha256(body.encode()).hexdigest()


class FingerprintPipeline:
    """The body, joined once from the cleaned paragraphs, and its word_count and content_hash."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.body = join_paragraphs(item.paragraphs)
        item.word_count, item.content_hash = fingerprint(item.body)
        return item
