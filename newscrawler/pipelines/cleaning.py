"""Text cleaning, one boilerplate kind per pipeline, each counting in the stats what it removed.

These rules work on the body's paragraphs, whatever markup the page had: they are the safety net
behind the markup stage (extract/article.py). The rules themselves are the source's `Boilerplate`.
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
    normalize_outlet,
)
from newscrawler.extract.dates import DATE_LINE_RE
from newscrawler.extract.html import clean_text
from newscrawler.items import ArticleItem
from newscrawler.pipelines import StatsPipeline
from newscrawler.sources import boilerplate_for

PARAGRAPH_SEP = "\n\n"
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_LEAD_IN = re.compile(r"[,:–—-]\s*$")
"""What a promo leaves when cut out of its sentence ('Если хотите первыми узнавать новости,'):
a clause that ends where the promo began belongs to the promo."""
_LEADING_ITEM = re.compile(rf"^\s*[-–—•·]?\s*(?:{DATE_LINE_RE.pattern})", re.IGNORECASE)


def paragraphs(body: str | None) -> list[str]:
    return [p for p in _PARAGRAPH_SPLIT.split(body or "") if p.strip()]


class ParagraphPipeline(StatsPipeline):
    """Base: run `clean` on the item's paragraphs and count removals under cleaning/<kind>."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not item.body:
            return item
        rules = boilerplate_for(item.site)
        kept = self.clean(item, paragraphs(item.body), rules)
        item.body = PARAGRAPH_SEP.join(kept)
        return item

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        raise NotImplementedError

    def count(self, kind: str, n: int = 1) -> None:
        self.stats.inc_value(f"cleaning/{kind}_removed", n)


class NormalizePipeline(StatsPipeline):
    """Whitespace, nbsp, soft hyphens and zero-width marks out of every text field; paragraphs
    split one per block and joined by a blank line."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        body = PARAGRAPH_SEP.join(
            p for p in (clean_text(line) for line in (item.body or "").split("\n")) if p
        )
        if body != item.body:
            self.stats.inc_value("cleaning/body_normalized")
        item.body = body or None
        for name in ("title", "original_source", "photo_credit"):
            value = getattr(item, name)
            setattr(item, name, clean_text(value) or None if value is not None else None)
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
    """The source line (-> original_source), promo and slogan lines, share-button text, and
    stand-alone furniture (an ad label, a poll's question)."""

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
            if stripped != para:
                self.count("footer")
                if not re.search(r"\w", stripped) or _LEAD_IN.search(stripped):
                    continue
                para = stripped
            if not rules.source_label_start.search(para):  # most paragraphs name no source
                kept.append(para)
                continue
            source = rules.source_line.search(para)
            if source:
                self.count("footer")
                item.original_source = item.original_source or normalize_outlet(source["outlet"])
                para = para[: source.start()].strip()
                if not para:
                    continue
            label = rules.bare_source_label.search(para)
            if label:
                self.count("footer")
                para = para[: label.start()].strip()
                if not para:
                    continue
            kept.append(para)
        return kept


class PhotoCreditPipeline(ParagraphPipeline):
    """Photo credits and image captions ('© Фото: …', 'Фото: …'); the first one sets
    photo_credit when the markup stage found none."""

    def clean(self, item: ArticleItem, paras: list[str], rules: Boilerplate) -> list[str]:
        kept: list[str] = []
        for para in paras:
            credit = rules.photo_credit.match(para)
            if credit:
                item.photo_credit = item.photo_credit or credit["credit"]
                self.count("photo_credit")
                continue
            kept.append(para)
        return kept


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
    return len(_WORD.findall(body)), hashlib.sha256(body.encode()).hexdigest()


class FingerprintPipeline:
    """word_count and content_hash of the final body."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.body = item.body or None
        item.word_count, item.content_hash = fingerprint(item.body)
        return item
