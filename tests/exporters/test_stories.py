"""Stories across sources and runs: `scrapy compact` gives near-duplicate bodies one story_id,
the url of the earliest-published member, and keeps the index in DATASET_DIR/_stories/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import story_texts as texts
from crawlrun import FAST, run_crawl
from dataset_helpers import run_scrapy
from fakesite import FakeSite
from fakesite.zakon import ALMATY, FakeZakon, ZakonArticle

from newscrawler.commands.compact import stories_summary
from newscrawler.exporters.compaction import compact
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.stories import StoriesUpdate, stories_dir
from newscrawler.exporters.synthetic import synthetic_articles
from newscrawler.items import ArticleItem
from newscrawler.pipelines.cleaning import fingerprint

FARE_ZAKON = "https://www.zakon.kz/obshestvo/6501234-s-1-marta-proezd-v-almaty-podorozhaet.html"
FARE_MAIL = "https://mail.kz/ru/news/kz-news/almatintsy-budut-platit-za-avtobus-bolshe"
SCHOOLS_ZAKON = "https://www.zakon.kz/obshestvo/6503456-30-shkol-postroyat-v-turkestanskoy.html"
SCHOOLS_MAIL = "https://mail.kz/ru/news/kz-news/v-turkestanskoi-oblasti-postroyat-30-shkol"
HEAT_ZAKON = "https://www.zakon.kz/pogoda/6509876-zhara-do-43-gradusov-na-yuge.html"
HEAT_MAIL = "https://mail.kz/ru/news/kz-news/vrachi-shymkenta-o-teplovyh-udarah"

ZAKON = [
    (FARE_ZAKON, texts.FARE_ORIGINAL, "2025-02-10T09:15:00+05:00"),
    (SCHOOLS_ZAKON, texts.SCHOOLS_ZAKON, "2025-03-04T10:00:00+05:00"),
    (HEAT_ZAKON, texts.HEAT_FORECAST, "2025-06-10T14:47:00+05:00"),
]
MAIL = [
    (FARE_MAIL, texts.FARE_REPOST, "2025-02-10T11:40:00+05:00"),
    (SCHOOLS_MAIL, texts.SCHOOLS_MAIL, "2025-03-04T09:30:00+05:00"),  # before zakon.kz's
    (HEAT_MAIL, texts.HEAT_ADVICE, "2025-06-10T15:10:00+05:00"),
]
SITES = {"zakonkz": "zakon.kz", "mailkz": "mail.kz"}


def article(site: str, url: str, body: str, published: str) -> ArticleItem:
    count, digest = fingerprint(body)
    return ArticleItem(
        url=url, site=site, lang="ru", title=body.split(",")[0], published_at=published,
        body=body, word_count=count, content_hash=digest, crawled_at="2025-06-12T06:00:00+00:00",
    )  # fmt: skip


def write_run(root: Path, name: str, run: str, items: list[ArticleItem]) -> None:
    path = root / name / "runs" / f"{run}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        exporter = ParquetItemExporter(f)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


def run_of(name: str, cases: list[tuple[str, str, str]], filler: int = 0) -> list[ArticleItem]:
    """The cases as articles of `name`'s site, with `filler` unrelated synthetic ones."""
    items = [article(SITES[name], *case) for case in cases]
    other = name == "zakonkz"
    for item in synthetic_articles(filler, start=100 * other, seed=other):
        item.site, item.url = SITES[name], item.url.replace("mail.kz", SITES[name])
        items.append(item)
    return items


def rows(root: Path, name: str) -> dict[str, dict]:
    """A source's compacted articles by url."""
    table = pq.ParquetDataset(root / name / "articles", partitioning=None).read()
    return {row["url"]: row for row in table.to_pylist()}


def story_ids(root: Path, name: str) -> dict[str, str | None]:
    return {url: row["story_id"] for url, row in rows(root, name).items()}


def stories(root: Path) -> dict[str, dict]:
    table = pq.read_table(stories_dir(root) / "stories.parquet")
    return {row["story_id"]: row for row in table.to_pylist()}


def run_compact(root: Path, name: str):
    return compact(root, name, row_group_size=8)


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory) -> Path:
    """zakon.kz compacted first, then mail.kz: the mail.kz articles meet zakon.kz's in the index."""
    root = tmp_path_factory.mktemp("datasets")
    write_run(root, "zakonkz", "20250612T060000Z", run_of("zakonkz", ZAKON, filler=6))
    write_run(root, "mailkz", "20250612T060000Z", run_of("mailkz", MAIL, filler=6))
    run_compact(root, "zakonkz")
    run_compact(root, "mailkz")
    return root


def test_a_repost_with_headline_and_lead_rewritten_joins_its_original_across_sources(
    two_sources,
):
    assert story_ids(two_sources, "mailkz")[FARE_MAIL] == FARE_ZAKON
    assert story_ids(two_sources, "zakonkz")[FARE_ZAKON] == FARE_ZAKON
    story = stories(two_sources)[FARE_ZAKON]
    assert story["members"] == [FARE_ZAKON, FARE_MAIL]
    assert story["sources"] == ["mail.kz", "zakon.kz"]
    assert story["first_published"] == datetime.fromisoformat(ZAKON[0][2])


def test_an_agency_text_on_two_sites_is_one_story_named_by_the_earlier(two_sources):
    assert stories(two_sources)[SCHOOLS_MAIL]["members"] == [SCHOOLS_MAIL, SCHOOLS_ZAKON]
    assert story_ids(two_sources, "mailkz")[SCHOOLS_MAIL] == SCHOOLS_MAIL


def test_two_articles_on_one_topic_sharing_a_paragraph_stay_apart(two_sources):
    assert story_ids(two_sources, "zakonkz")[HEAT_ZAKON] == HEAT_ZAKON
    assert story_ids(two_sources, "mailkz")[HEAT_MAIL] == HEAT_MAIL
    grouped = {
        url for s in stories(two_sources).values() if len(s["members"]) > 1 for url in s["members"]
    }
    assert grouped == {FARE_ZAKON, FARE_MAIL, SCHOOLS_ZAKON, SCHOOLS_MAIL}  # no filler either


def test_every_compacted_article_has_a_story_and_every_story_is_listed_once(two_sources):
    ids = {**story_ids(two_sources, "zakonkz"), **story_ids(two_sources, "mailkz")}
    assert None not in ids.values()
    listed = stories(two_sources)
    assert sorted(u for s in listed.values() for u in s["members"]) == sorted(ids)
    assert {url: story for story, s in listed.items() for url in s["members"]} == ids | {
        SCHOOLS_ZAKON: SCHOOLS_MAIL  # zakon.kz's files still hold the id of their compaction
    }


def test_an_earlier_member_arriving_later_renames_the_story_in_every_source(tmp_path):
    """mail.kz's article was alone, so its own story; then zakon.kz's earlier original arrives:
    the story becomes zakon.kz's url, mail.kz's files are flagged stale until compacted again,
    and the end state is the one of the other order."""
    write_run(tmp_path, "mailkz", "20250612T060000Z", run_of("mailkz", MAIL[:1]))
    assert run_compact(tmp_path, "mailkz").stories.grouped == 0
    assert story_ids(tmp_path, "mailkz") == {FARE_MAIL: FARE_MAIL}

    write_run(tmp_path, "zakonkz", "20250612T060000Z", run_of("zakonkz", ZAKON[:1]))
    update = run_compact(tmp_path, "zakonkz").stories
    assert (update.grouped, update.stories, update.stale) == (1, 1, {"mailkz": 1})
    assert story_ids(tmp_path, "mailkz") == {FARE_MAIL: FARE_MAIL}  # its files: as compacted
    assert stories(tmp_path)[FARE_ZAKON]["members"] == [FARE_ZAKON, FARE_MAIL]

    update = run_compact(tmp_path, "mailkz").stories
    assert (update.stale, update.sketched) == ({}, 0)
    assert story_ids(tmp_path, "mailkz") == {FARE_MAIL: FARE_ZAKON}
    other = tmp_path / "other"
    for name, cases in (("zakonkz", ZAKON[:1]), ("mailkz", MAIL[:1])):
        write_run(other, name, "20250612T060000Z", run_of(name, cases))
        run_compact(other, name)
    stories_file, index_file = "stories.parquet", "index.parquet"
    assert (stories_dir(other) / stories_file).read_bytes() == (
        stories_dir(tmp_path) / stories_file
    ).read_bytes()
    index = pq.read_table(stories_dir(tmp_path) / index_file)
    assert pq.read_table(stories_dir(other) / index_file).equals(index)  # but the trees' stamps


def test_a_second_run_is_matched_against_the_index_hashing_only_its_new_bodies(tmp_path):
    write_run(tmp_path, "zakonkz", "20250612T060000Z", run_of("zakonkz", ZAKON, filler=10))
    write_run(tmp_path, "mailkz", "20250612T060000Z", run_of("mailkz", MAIL[1:], filler=20))
    run_compact(tmp_path, "zakonkz")
    first = run_compact(tmp_path, "mailkz").stories
    assert (first.sketched, first.reused) == (22, 0)

    write_run(tmp_path, "mailkz", "20250613T060000Z", run_of("mailkz", MAIL[:1]))
    second = run_compact(tmp_path, "mailkz").stories
    assert (second.sketched, second.reused, second.reread) == (1, 22, [])
    assert story_ids(tmp_path, "mailkz")[FARE_MAIL] == FARE_ZAKON


def test_exact_duplicates_within_a_site_are_reported_and_share_a_story(tmp_path):
    copy = FARE_MAIL + "-2"
    items = [*run_of("mailkz", MAIL, filler=3), article("mail.kz", copy, *MAIL[0][1:])]
    write_run(tmp_path, "mailkz", "20250612T060000Z", items)
    update = run_compact(tmp_path, "mailkz").stories
    assert update.exact_duplicates == [[FARE_MAIL, copy]]
    assert story_ids(tmp_path, "mailkz")[copy] == FARE_MAIL
    summary = "\n".join(stories_summary("mailkz", update))
    assert f"2 urls share 1 bodies, e.g. {FARE_MAIL} = {copy}" in summary


def test_the_summary_names_the_sources_whose_files_lag():
    update = StoriesUpdate(grouped=2, stories=1, sketched=1, reused=5, stale={"zakonkz": 3})
    assert stories_summary("mailkz", update) == [
        "mailkz: 2 articles share a story with others (1 stories, in _stories/); "
        "bodies hashed: 1, already known: 5",
        "stories: 3 articles of zakonkz are in another story than its files say: "
        "`scrapy compact zakonkz` updates them",
    ]


def test_a_source_compacted_before_stories_existed_is_read_from_its_articles(tmp_path):
    """zakon.kz's articles/ as written before the column (and the index) existed."""
    write_run(tmp_path, "zakonkz", "20250612T060000Z", run_of("zakonkz", ZAKON))
    run_compact(tmp_path, "zakonkz")
    for path in (tmp_path / "zakonkz" / "articles").rglob("*.parquet"):
        pq.write_table(pq.read_table(path).drop_columns(["story_id"]), path)
    for path in stories_dir(tmp_path).glob("*.parquet"):
        path.unlink()
    write_run(tmp_path, "mailkz", "20250612T060000Z", run_of("mailkz", MAIL))
    update = run_compact(tmp_path, "mailkz").stories
    assert (update.reread, update.sketched, update.stale) == (["zakonkz"], 6, {"zakonkz": 3})
    assert story_ids(tmp_path, "mailkz")[FARE_MAIL] == FARE_ZAKON
    assert run_compact(tmp_path, "zakonkz").stories.stale == {}
    assert story_ids(tmp_path, "zakonkz")[FARE_ZAKON] == FARE_ZAKON


def test_runs_hold_no_story_id(two_sources):
    run = pq.read_table(two_sources / "mailkz" / "runs" / "20250612T060000Z.parquet")
    assert run["story_id"].null_count == run.num_rows
    assert pa.types.is_string(run.schema.field("story_id").type)


def zakon_article(aid: int, title: str, body: str, published: datetime) -> ZakonArticle:
    """A fake zakon.kz page of `body`: its first paragraph the lead (div.description)."""
    lead, *paragraphs = body.split("\n\n")
    return ZakonArticle(
        lang="ru", section="obshestvo", id=aid, title=title, lead=lead,
        paragraphs=tuple(paragraphs), published_at=published, author="Автор Фамилия",
        tags=("Алматы",),
    )  # fmt: skip


def test_a_mailkz_repost_of_a_zakonkz_article_crawled_from_both_sites_shares_its_story_id(
    tmp_path,
):
    """The real spiders crawl a fake zakon.kz holding the fare article and a fake mail.kz whose
    repost has another headline and lead (and no last paragraph); `scrapy compact` of each
    source gives the repost the zakon.kz url as story_id. The two heat-wave articles, one on
    each site, share a paragraph and stay apart."""
    datasets, state = tmp_path / "datasets", tmp_path / "state"
    settings = ["-s", f"DATASET_DIR={datasets}", "-s", f"STATE_DIR={state}"]
    zakon = [
        zakon_article(
            6501234, "С 1 марта проезд в Алматы подорожает до 250 тенге", texts.FARE_ORIGINAL,
            datetime(2025, 12, 19, 9, 15, tzinfo=ALMATY),
        ),
        zakon_article(
            6509876, "Жара до 43 градусов ожидается на юге Казахстана", texts.HEAT_FORECAST,
            datetime(2025, 12, 19, 14, 47, tzinfo=ALMATY),
        ),
    ]  # fmt: skip
    mail = FakeSite(8)  # published on 20 December: after zakon.kz's
    repost, advice = [a for a in mail.articles if a.lang == "ru"][:2]
    repost.title = "Алматинцы будут платить за автобус больше"
    repost.paragraphs = texts.FARE_REPOST.split("\n\n")
    repost.original_source = "zakon.kz"
    advice.title = "Врачи Шымкента рассказали о тепловых ударах"
    advice.paragraphs = texts.HEAT_ADVICE.split("\n\n")
    with FakeZakon(zakon) as ru, mail:
        for source, base_url in (("zakonkz", ru.base_url), ("mailkz", mail.base_url)):
            args = ["-a", "lang=ru", "-a", f"base_url={base_url}", *settings, *FAST]
            crawled = run_crawl(source, *args)
            assert crawled.returncode == 0, crawled.log
    for source in ("zakonkz", "mailkz"):
        compacted = run_scrapy("compact", datasets, source, *settings)
        assert compacted.returncode == 0, compacted.stderr
    assert "mailkz: 1 articles share a story with others (1 stories" in compacted.stdout

    fare_zakon, heat_zakon = (ru.base_url + a.path for a in zakon)
    fare_mail, heat_mail = mail.url(repost), mail.url(advice)
    original, copy = rows(datasets, "zakonkz")[fare_zakon], rows(datasets, "mailkz")[fare_mail]
    assert (original["title"], original["body"]) == (zakon[0].title, texts.FARE_ORIGINAL)
    assert (copy["title"], copy["body"]) == (repost.title, texts.FARE_REPOST)  # as crawled
    assert (copy["original_source"], copy["site"]) == ("zakon.kz", "mail.kz")
    zakon_ids, mail_ids = story_ids(datasets, "zakonkz"), story_ids(datasets, "mailkz")
    assert (zakon_ids[fare_zakon], mail_ids[fare_mail]) == (fare_zakon, fare_zakon)
    assert (zakon_ids[heat_zakon], mail_ids[heat_mail]) == (heat_zakon, heat_mail)
    told_twice = [s for s in stories(datasets).values() if len(s["members"]) > 1]
    assert [(s["members"], s["sources"]) for s in told_twice] == [
        ([fare_zakon, fare_mail], ["mail.kz", "zakon.kz"])
    ]
