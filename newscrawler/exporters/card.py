"""The dataset card (`datasets/README.md`), rendered from the Arrow schema.

The field table comes from ARTICLE_SCHEMA, and so from `ArticleItem`'s type hints and field docs, so
the card cannot drift from the files; the sources table and the languages from the registered
sources. The YAML header is the Hugging Face dataset-card header: its `configs` let
`datasets.load_dataset("<DATASET_DIR>")` load the folder with no other argument (every source), or
one source by its name.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from newscrawler.exporters.schema import ARTICLE_SCHEMA, TIMESTAMP
from newscrawler.sources import SOURCES
from newscrawler.sources.source import Source


def header(sources: Iterable[Source]) -> str:
    """The Hugging Face YAML header: every source's languages, and a config for all articles
    (`default`), one per source, one for the runs and one for the stories table."""
    sources = list(sources)
    langs = dict.fromkeys(lang for source in sources for lang in source.langs)
    configs = [("default", "*/articles/**/*.parquet")]
    configs += [(source.name, f"{source.name}/articles/**/*.parquet") for source in sources]
    configs.append(("runs", "*/runs/*.parquet"))
    configs.append(("stories", "_stories/stories.parquet"))
    lines = ["---", "pretty_name: Kazakhstan news articles (newscrawler)", "language:"]
    lines += [f"- {lang}" for lang in langs]
    lines += ["license: other", "tags:", "- news", "- kazakhstan", "configs:"]
    for name, path in configs:
        lines += [f"- config_name: {name}", "  data_files:", "  - split: train"]
        lines.append(f'    path: "{path}"')
    return "\n".join([*lines, "---"]) + "\n"


def source_table(sources: Iterable[Source]) -> str:
    """Which outlets the dataset holds: each folder's site and editions."""
    rows = ["## Sources", "", "| folder | site | editions |", "| --- | --- | --- |"]
    for source in sources:
        editions = ", ".join(f"`{e.lang}` {e.root}" for e in source.editions)
        rows.append(f"| `{source.name}/` | {source.site} | {editions} |")
    return "\n".join(rows) + "\n"


INTRO = """\
# Kazakhstan news articles

News articles from Kazakhstan's portals (the sources below, in their editions), crawled and
cleaned by newscrawler, a Scrapy project: the article's own text, its metadata, and where it came
from. One row is one article. Article texts belong to their publishers; this dataset is for
research and analysis.

This card is generated from the item definition (`newscrawler/items.py`) by `make card`; do not
edit it by hand.
"""

LAYOUT = """\
## Layout

```
datasets/
  report.html, report.json                   `scrapy report`: the figures, charts to look at
  <source>/                                  one folder per spider, e.g. mailkz/
    runs/<run-id>.parquet                    every item of one crawl, as crawled
    runs/<run-id>.jsonl                      the same items as JSON lines
    runs/<run-id>.report.json                what the crawl fetched, dropped, failed; its checks
    articles/lang=<ru|kk>/year=<YYYY>/month=<MM>/<source>-<lang>-<YYYY>-<MM>.parquet
  _stories/stories.parquet                   one row per story, of every source's articles
  _stories/index.parquet                     the near-duplicate index behind it
```

- **runs/**: each crawl writes one pair of files, and its report; the run id is the crawl's UTC
  start time (`20251220T060000Z`), with `-<worker>` appended for parallel workers. A url crawled
  twice is in two runs. A report whose `ok` is false flags a run that failed its quality checks
  (`monitors` says which): its items are there, but may lack dates or hold boilerplate.
- **articles/**: `scrapy compact <source>` folds all runs into one row per url (the newest crawl
  wins), filed by language and by the Asia/Almaty month of `published_at` (of `crawled_at` when the
  page has no date), sorted by `published_at` then `url`. It is rebuilt whole and swapped in;
  `--prune` deletes the runs folded in.
- **stories**: compaction gives each article a `story_id`, shared by articles whose bodies are
  near duplicates, in any source (a repost and its original, an agency text on two sites): the
  url of the story's earliest-published article. `_stories/stories.parquet` lists each story:
  `story_id`, `members` (urls, earliest first), `sources` (sites), `first_published`. A story is
  as good as word overlap can tell: a repost with its lead rewritten joins its original, two
  articles on one topic stay apart unless their texts are mostly the same. A source compacted
  before another's earlier member arrived keeps the older id until it is compacted again.
- Every Parquet file has the schema below (zstd-compressed, the field docs in its metadata), whether
  it comes from a run or from compaction, and whatever values it holds: a column that is null in
  every row keeps its type.
- Files are written under a hidden temporary name and renamed when complete, so a file with a
  dataset name is never half-written. Names starting with `.` are work in progress; the globs
  below skip them.
"""

LOADING = """\
## Loading

`articles/` is the deduplicated dataset; read `runs/` for every crawl as it happened. One source
at a time: `datasets/**` would count the runs and the compacted rows of one article twice.

```python
import glob

import pandas as pd  # pyarrow dtypes: nullable integers stay integers, authors/tags are lists
df = pd.read_parquet("datasets/mailkz/articles", partitioning=None, dtype_backend="pyarrow")
runs = pd.read_parquet(sorted(glob.glob("datasets/mailkz/runs/*.parquet")), dtype_backend="pyarrow")
kazakh_texts = df[df["text_lang"] == "kk"]  # the text's language, whatever the edition

import polars as pl
df = pl.read_parquet("datasets/mailkz/articles/**/*.parquet")
unlike_edition = df.filter(pl.col("text_lang") != pl.col("lang"))  # e.g. Russian in kk

import duckdb
duckdb.sql("select lang, count(*) from 'datasets/mailkz/articles/**/*.parquet' group by 1").show()
sure_kazakh = duckdb.sql(
    "select url, title from 'datasets/mailkz/articles/**/*.parquet'"
    " where text_lang = 'kk' and text_lang_score >= 0.9"
).fetchall()
duckdb.sql(  # stories told by more than one article, in every source
    "select story_id, count(*) n, list(distinct site) from 'datasets/*/articles/**/*.parquet' "
    "group by 1 having n > 1 order by n desc"
).show()

import datasets
ds = datasets.load_dataset("datasets", split="train")  # every source's articles/, per this card
ds = datasets.load_dataset("datasets", "mailkz", split="train")  # one source's
stories = datasets.load_dataset("datasets", "stories", split="train")  # one row per story
ds = datasets.load_dataset("parquet", data_files="datasets/mailkz/runs/*.parquet", split="train")
```

DuckDB also adds the folder keys `year` and `month` as columns; pandas needs `partitioning=None`
because pyarrow would otherwise read `lang` from the folder names as a second, differently typed
column. `lang` is the edition an article was published in, `text_lang` the language its text is
in: the Kazakh edition publishes Russian texts too.

Run files written before a column existed lack it, and a glob over old and new runs then fails
or drops the column: read them with the schema, `pd.read_parquet(files,
schema=ARTICLE_SCHEMA)`, `pl.read_parquet(glob, schema=pl.Schema(ARTICLE_SCHEMA),
missing_columns="insert")`, DuckDB's `read_parquet(glob, union_by_name=true)` (ARTICLE_SCHEMA
from `newscrawler.exporters.schema`); their rows hold nulls there. `articles/` always has every
column: `scrapy compact` detects text_lang for the rows that lack it.
"""


def type_name(arrow_type: pa.DataType) -> str:
    """How the card spells a column type (Arrow's names, lists as `list<string>`)."""
    if pa.types.is_list(arrow_type):
        return f"list<{type_name(arrow_type.value_type)}>"
    return str(arrow_type)


def field_table(schema: pa.Schema) -> str:
    rows = ["| field | type | nullable | meaning |", "| --- | --- | --- | --- |"]
    for f in schema:
        doc = html.escape((f.metadata or {}).get(b"doc", b"").decode("utf-8"), quote=False)
        doc = doc.replace("|", "\\|")
        if f.type == TIMESTAMP:
            doc += " In Parquet: the UTC instant; JSONL keeps the original offset."
        rows.append(
            f"| `{f.name}` | `{type_name(f.type)}` | {'yes' if f.nullable else 'no'} | {doc} |"
        )
    return "\n".join(rows) + "\n"


def contents_table(rows: list[dict[str, Any]] | None) -> str:
    """The dataset's counts per source and edition, as `scrapy card` found them in the files;
    without a dataset (the card in the repository), how to get them."""
    head = ["## Contents", ""]
    if not rows:
        head.append(
            "No articles counted: `scrapy card` (or `make card`) run on a dataset folder fills "
            "this section from its files."
        )
        return "\n".join(head) + "\n"
    total = sum(r["articles"] for r in rows)
    head += [
        f"{total} articles, counted from the files when this card was written (`scrapy card`): "
        "`articles/` where a source is compacted, else its runs, else an `-O` export (the file is "
        "named beside the source). The text language is "
        "`text_lang`; days are Asia/Almaty days of `published_at`.",
        "",
        "| source | edition | articles | text language | first published | last published |",
        "| --- | --- | ---: | --- | --- | --- |",
    ]
    for r in rows:
        langs = ", ".join(f"{lang} {n}" for lang, n in r["text_lang"].items())
        first, last = r["first_published"] or "—", r["last_published"] or "—"
        head.append(
            f"| `{r['source']}` ({r['read_from']}) | {r['edition']} | {r['articles']} | {langs} "
            f"| {first} | {last} |"
        )
    return "\n".join(head) + "\n"


def render_card(
    schema: pa.Schema = ARTICLE_SCHEMA,
    sources: Iterable[Source] = SOURCES.values(),
    counts: list[dict[str, Any]] | None = None,
) -> str:
    """The card; `counts` (ops/dataset_report.py: contents) fills its Contents section."""
    sources = list(sources)
    fields = f"## Fields\n\n{field_table(schema)}"
    parts = [
        header(sources), INTRO, source_table(sources), contents_table(counts), fields, LAYOUT,
        LOADING,
    ]  # fmt: skip
    return "\n".join(parts).rstrip("\n") + "\n"
