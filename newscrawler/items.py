"""The one definition of an article record.

Every other view of the record derives from `ArticleItem`: the Parquet schema (exporters/schema.py),
the dataset card, and validation (the `required` flag). A field's metadata says what it means, where
it is born, and how it is stored.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, TypedDict

PARAGRAPH_SEP = "\n\n"
"""What joins the body's paragraphs in the stored `body`."""
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")


class Credits(TypedDict, total=False):
    """What the page's elements credit, as the markup stage read it (raw text)."""

    source: str
    """A source link's text, or the outlet of a source line outside the body."""
    photo: str
    """The first photo credit of a caption or credit line."""


def _field(
    doc: str,
    *,
    required: bool = False,
    timestamp: bool = False,
    exported: bool = True,
    default: Any = None,
) -> Any:
    """A dataclass field with its one-line doc, whether validation requires it, whether it is
    an ISO 8601 timestamp string (stored as a UTC timestamp in Parquet), and whether it is
    exported (an unexported field is the item's working state between the spider and export)."""
    meta = {"doc": doc, "required": required, "timestamp": timestamp, "exported": exported}
    if default in (list, dict):
        return field(default_factory=default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(kw_only=True)
class ArticleItem:
    """One news article, cleaned. Field names are a public contract: never rename one."""

    url: str = _field(
        "Article URL (after redirects) without query, fragment or trailing slash: the key.",
        required=True,
    )
    canonical_url: str | None = _field("The page's <link rel=canonical> or og:url, or null.")
    site: str = _field("Portal the article was crawled from, e.g. 'mail.kz'.", required=True)
    lang: str = _field(
        "Edition language: 'ru' or 'kk' for a source's edition; for the generic spider the "
        "language the page declares (ISO 639), 'und' when it declares none.",
        required=True,
    )
    category: str | None = _field("Category or section slug from the URL, e.g. 'kz-news'.")
    slug: str | None = _field("Article slug from the URL (the transliterated title).")
    article_id: str | None = _field(
        "The article's number on its site, from the URL (zakon.kz's 6501234); null when the URL "
        "has none (mail.kz's)."
    )
    title: str | None = _field("Headline.", required=True)
    published_at: str | None = _field(
        "Publication time, ISO 8601 with the Asia/Almaty offset of that date; null when the "
        "article shows no date of its own.",
        timestamp=True,
    )
    updated_at: str | None = _field(
        "Update time the page shows ('Обновлено:' / 'Жаңартылды:'), ISO 8601 with the Asia/Almaty "
        "offset of that date; null when it shows none.",
        timestamp=True,
    )
    body: str | None = _field(
        "The article's own paragraphs in order, joined by a blank line; no boilerplate.",
        required=True,
    )
    paragraphs: list[str] = _field(
        "The body's paragraphs as extraction found them and the cleaning pipelines leave them; "
        "`body` is their join, made once by the last of those (FingerprintPipeline).",
        exported=False,
        default=list,
    )
    body_source: str | None = _field(
        "How body was obtained: 'container' (the page's densest running text), 'jsonld' (its "
        "JSON-LD articleBody, where the markup held no article text or another text) or "
        "'whole_page' (trafilatura on the whole page, where the container held only a scrap)."
    )
    credits: Credits = _field(
        "What the markup stage read from the page's credit elements; AttributionPipeline makes "
        "original_source and photo_credit of it (and of the body's own credit lines).",
        exported=False,
        default=dict,
    )
    original_source: str | None = _field("Outlet named by the 'Источник:' line, e.g. 'zakon.kz'.")
    original_url: str | None = _field("Link target of the 'Источник:' line when it is a link.")
    photo_credit: str | None = _field("Text after '© Фото:' / 'Фото:', e.g. 'пресс-служба МИД'.")
    image_url: str | None = _field("Lead image (og:image, JSON-LD image or first article image).")
    authors: list[str] = _field("Author names; empty when the page names none.", default=list)
    tags: list[str] = _field("Tags or keywords; empty when the page has none.", default=list)
    word_count: int | None = _field("Number of words in body.")
    content_hash: str | None = _field("sha256 hex digest of the normalized body.")
    text_lang: str | None = _field(
        "Language of body, detected from its text whatever the edition (ISO 639-1: 'kk', 'ru', "
        "'en', ...); 'und' when the text is under 10 letters or no language reaches 0.5. Null in "
        "files written before it existed, until `scrapy compact` fills it."
    )
    text_lang_score: float | None = _field(
        "The language identifier's probability (0..1) for its best guess at text_lang."
    )
    crawled_at: str | None = _field(
        "When the page was fetched (UTC ISO 8601); for a WARC replay, the record's WARC-Date.",
        timestamp=True,
    )
    story_id: str | None = _field(
        "The url of the earliest-published article of its story: the articles, of any source, "
        "whose bodies are near duplicates of its own, directly or through others (MinHash of "
        "word 5-grams, estimated Jaccard at least 0.5); its own url when there are none. Set by "
        "`scrapy compact` (datasets/_stories/stories.parquet lists the stories); null in runs."
    )


FIELDS: tuple[dataclasses.Field, ...] = tuple(
    f for f in dataclasses.fields(ArticleItem) if f.metadata["exported"]
)
"""The fields a dataset holds, in order: the Parquet schema, the card and the exports."""
INTERNAL_FIELDS: frozenset[str] = frozenset(
    f.name for f in dataclasses.fields(ArticleItem) if not f.metadata["exported"]
)
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.metadata["required"])


def record(item: ArticleItem) -> dict[str, Any]:
    """The item as a dataset row holds it: its exported fields by name, in order."""
    return {f.name: getattr(item, f.name) for f in FIELDS}


def join_paragraphs(paragraphs: list[str]) -> str | None:
    """The stored body of these paragraphs (null when there are none)."""
    return PARAGRAPH_SEP.join(paragraphs) or None


def split_body(body: str | None) -> list[str]:
    """A stored body's paragraphs (for rows read back from a dataset)."""
    return [p for p in _PARAGRAPH_SPLIT.split(body or "") if p.strip()]
