"""Template lines learned from a site's own pages: removed once enough pages hold them, across
runs, and from earlier rows by compaction; a sentence two articles share stays."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from newscrawler.exporters.compaction import compact
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.pipelines.cleaning import fingerprint
from newscrawler.pipelines.language import detect
from newscrawler.pipelines.template import TemplateLinesPipeline
from newscrawler.spiders.sources import MailkzSpider
from newscrawler.state.lines import LineStore, learn_template, line_key

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "commands"))
from test_compact_command import tree, write_run

SITE = "mail.kz"
PROMO = "Скачайте наше приложение для iOS и Android."
RIGHTS = "Все права защищены. При цитировании ссылка обязательна."
QUOTE = "«Работы завершат до конца года», — сказал вице-министр энергетики."
FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)


def story(n: int) -> list[str]:
    """A body of its own: two long paragraphs that no other story holds."""
    return [
        f"Новость номер {n}: в городе {n} открыли новую школу на {n * 100} мест для детей района.",
        f"По словам акима, строительство школы номер {n} заняло {n + 1} месяцев и прошло по плану.",
    ]


def body(n: int) -> list[str]:
    """Story n with the site's two template lines, and the quote in stories 1 and 4 only."""
    quote = [QUOTE] if n in (1, 4) else []
    return [story(n)[0], PROMO, *quote, story(n)[1], RIGHTS]


def test_a_line_on_enough_of_a_sites_pages_is_template_and_a_shared_quote_is_not():
    learned = learn_template((SITE, body(n)) for n in range(6))
    assert learned[SITE] == {line_key(PROMO), line_key(RIGHTS)}
    assert learn_template((SITE, body(n)) for n in range(3)) == {}, "three pages are too few"
    other = learn_template([*((SITE, body(n)) for n in range(6)), ("other.kz", [PROMO])])
    assert "other.kz" not in other, "a line is learned per site"


def test_each_article_counts_once_and_long_paragraphs_never():
    store = LineStore(None)
    for _ in range(5):
        store.learn(SITE, "https://mail.kz/ru/news/a/1", body(1))
    assert store.template(SITE, body(1)) == set()
    assert line_key("Слово " * 60) is None


def item(n: int) -> ArticleItem:
    return ArticleItem(
        url=f"https://mail.kz/ru/news/kz-news/story-{n}",
        site=SITE,
        lang="ru",
        title=f"Новость {n}",
        paragraphs=body(n),
        body="\n\n".join(body(n)),  # as a run file holds it, for the compaction tests
        crawled_at=FETCHED.isoformat(),
    )


def run(state: Path, numbers: range) -> list[ArticleItem]:
    """One dataset run's items through the pipelines, the counts kept under `state`."""
    settings = {"STATE_DIR": str(state), "TEMPLATE_LINES": "state", "RUN_ID": "run"}
    path = ItemPath(MailkzSpider, settings)
    items = [path.run_pipelines(item(n)) for n in numbers]
    next(p for p in path.pipelines if isinstance(p, TemplateLinesPipeline)).close()
    return items


def test_counts_carry_across_runs_and_clean_the_next_runs_pages(tmp_path):
    first = run(tmp_path, range(3))
    assert all(PROMO in i.body for i in first), "nothing is known from three pages"
    second = run(tmp_path, range(3, 6))
    assert not any(PROMO in i.body or RIGHTS in i.body for i in second)
    assert QUOTE in second[1].body, "story 4 keeps the quote it shares with story 1"
    assert (second[0].word_count, second[0].content_hash) == fingerprint(second[0].body)


def test_compaction_cleans_the_rows_exported_before_the_lines_were_known(tmp_path):
    items = list(map(item, range(6)))
    for i in items:  # a language no detection gives: a cleaned body must get its own anew
        i.text_lang, i.text_lang_score = "xx", 0.5
    write_run(tmp_path, "run-1", items)
    result = compact(tmp_path, "news", row_group_size=4)
    table = pq.read_table(tmp_path / "news" / "articles", partitioning=None)
    assert result.template_removed == 12
    for row in table.to_pylist():
        assert PROMO not in row["body"] and RIGHTS not in row["body"]
        assert (row["word_count"], row["content_hash"]) == fingerprint(row["body"])
        assert (row["text_lang"], row["text_lang_score"]) == ("ru", detect(row["body"]).score)
    assert sum(QUOTE in b for b in table.column("body").to_pylist()) == 2
    before = tree(tmp_path)
    compact(tmp_path, "news", row_group_size=4)
    assert tree(tmp_path) == before, "compacting again gives the same files"


def test_compaction_takes_the_crawls_counts_for_lines_the_dataset_undercounts(tmp_path):
    """The crawl cleaned stories 3-5 as it went: the dataset holds the lines on three pages
    only, too few to learn from; the crawl's counts know them."""
    known = LineStore(tmp_path / "lines.sqlite")
    for n in range(6):
        known.learn(SITE, item(n).url, body(n))
    early = list(map(item, range(3)))
    late = [item(n) for n in range(3, 6)]
    for i in late:
        i.body = "\n\n".join(story(int(i.url[-1])))
    write_run(tmp_path, "run-1", early + late)
    assert compact(tmp_path, "news", row_group_size=4).template_removed == 0
    assert compact(tmp_path, "news", row_group_size=4, known=known).template_removed == 6
