"""Project settings. Components read theirs in `from_crawler`; override any with `-s`."""

import newscrawler.items

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"

# Politeness: say who we are and how to reach us (User-Agent 'newscrawler/<v> (+CONTACT_URL)',
# unless USER_AGENT is set), obey robots.txt, adapt the pace to the server, back off on errors.
CONTACT_URL = "https://github.com/newscrawler/newscrawler"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 300.0  # a longer Retry-After is not waited for: the article goes to failures

DOWNLOADER_MIDDLEWARES = {
    # Answers every request from the WARC archive when the spider replays one (-a warc=...).
    "newscrawler.archive.replay.WarcReplayMiddleware": 50,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "newscrawler.fetch.useragent.ContactUserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawler.fetch.retry.BackoffRetryMiddleware": 550,
    # Records each response as received, before decompression (on with WARC_ARCHIVE_DIR).
    "newscrawler.archive.recorder.WarcRecorder": 950,
    # Sees every failed attempt (retries too): stops a run that reaches nothing (fetch/reach.py).
    "newscrawler.fetch.reach.ReachGuard": 880,
}
UNREACHABLE_AFTER = 3  # failed downloads, with no response yet, that stop the run; 0: never

# Incremental runs: article URLs exported by earlier runs, in STATE_DIR/<spider>/seen.sqlite.
STATE_DIR = ".state"
# Template lines learned per site (pipelines/template.py): state | memory | off.
TEMPLATE_LINES = "state"
# A damaged seen-store is moved aside and rebuilt from the dataset's files; 0: the run refuses.
STATE_REBUILD = True
SPIDER_MIDDLEWARES = {"newscrawler.state.incremental.IncrementalMiddleware": 950}
EXTENSIONS = {
    "newscrawler.fetch.failures.FailureLog": 500,
    # Operations (see the block at the end): progress instead of Scrapy's LogStats, and the
    # run's monitors and report, after FailureLog so that the failures are counted.
    "scrapy.extensions.logstats.LogStats": None,
    "newscrawler.ops.progress.Progress": 510,
    "newscrawler.ops.stall.StallWatch": 520,
    "newscrawler.ops.run.RunWatch": 900,
    # The garbage collector set for a long crawl (newscrawler/gcsettings.py).
    "newscrawler.gcsettings.TuneGarbageCollector": 1000,
}

# One job per pipeline; the numbers fix the order an item travels in.
ITEM_PIPELINES = {
    "newscrawler.pipelines.cleaning.NormalizePipeline": 100,
    "newscrawler.pipelines.cleaning.RelatedBlockPipeline": 110,
    "newscrawler.pipelines.cleaning.FooterPipeline": 120,
    "newscrawler.pipelines.attribution.AttributionPipeline": 130,
    "newscrawler.pipelines.cleaning.SocialEmbedPipeline": 140,
    "newscrawler.pipelines.cleaning.TitleRepeatPipeline": 150,
    "newscrawler.pipelines.template.TemplateLinesPipeline": 160,
    "newscrawler.pipelines.cleaning.FingerprintPipeline": 190,
    "newscrawler.pipelines.validation.ValidationPipeline": 200,
    "newscrawler.pipelines.dedup.DedupPipeline": 300,
    # Last: the text's language is read from the final body, of the items that are exported.
    "newscrawler.pipelines.language.TextLanguagePipeline": 400,
}

FEED_EXPORT_ENCODING = "utf-8"
# What a dataset row holds, for Scrapy's own formats (json, csv, xml) too: not the item's working
# state (ArticleItem.paragraphs).
FEED_EXPORT_FIELDS = [f.name for f in newscrawler.items.FIELDS]

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# Scrapy's versions, enabled components, overridden settings and final stats dump (about 100 lines
# of a short run's log) are logged at DEBUG; 1: at INFO, as Scrapy does (the report has the stats).
LOG_DUMPS = False
LOG_FORMATTER = "newscrawler.logformatter.ShortLogFormatter"

# No listening sockets from a crawler that runs unattended.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Datasets
# With no -o/-O, the RunFeeds add-on exports every crawl to <DATASET_DIR>/<spider>/runs/<run-id>
# .parquet and .jsonl; `scrapy compact <spider>` folds the runs into <spider>/articles/.
DATASET_DIR = "datasets"
WORKER_ID = ""  # suffix of the run id for parallel workers; or env NEWSCRAWLER_WORKER_ID
PARQUET_ROW_GROUP_SIZE = 1_000  # rows buffered per row group: bounds the exporter's memory
# RedisCluster first: it may set WORKER_ID, which RunFeeds puts in the run id.
ADDONS = {"newscrawler.cluster.addon.RedisCluster": -10, "newscrawler.exporters.layout.RunFeeds": 0}
FEED_EXPORTERS = {
    "parquet": "newscrawler.exporters.parquet.ParquetItemExporter",
    "jsonl": "newscrawler.exporters.jsonl.JsonLinesItemExporter",
}
FEED_STORAGES = {
    "": "newscrawler.exporters.storage.AtomicFileFeedStorage",
    "file": "newscrawler.exporters.storage.AtomicFileFeedStorage",
}

# Operations: run report, quality monitors, progress, WARC archiving (README "Operating it").
# Every run writes <DATASET_DIR>/<spider>/runs/<run-id>.report.json (REPORT_FILE for -o/-O runs)
# and exits 3 when a monitor fails. Shares are judged at MONITOR_CONFIDENCE (Wilson interval).
MONITORS_ENABLED = True
MONITOR_MIN_COVERAGE = {"title": 0.99, "body": 0.99, "published_at": 0.8}
MONITOR_MAX_BOILERPLATE_ITEMS = 0  # items whose body still holds a known boilerplate marker
MONITOR_MAX_FAILURE_RATE = 0.1  # failed article fetches / article fetches
MONITOR_MIN_ITEMS_RATIO = 0.2  # articles found vs the median of the recent healthy runs
MONITOR_HISTORY_RUNS = 7  # how many recent runs (same arguments) make the median
MONITOR_MIN_HISTORY = 3  # fewer earlier runs: the volume check is skipped
MONITOR_MIN_SAMPLE = 10  # fewer article pages: the share checks are skipped
MONITOR_CONFIDENCE = 0.95
MONITOR_MAX_ERRORS = 0  # spider exceptions and pipeline errors
# Items of an edition whose text is in another language (text_lang): information up to a
# majority; past it the edition's lang no longer names its texts. 1: never fails.
MONITOR_MAX_TEXT_LANG_DIFFERS = 0.5
MONITOR_OK_FINISH_REASONS = [
    "finished",
    "limit_reached",
    "closespider_timeout",
    "closespider_itemcount",
    "closespider_pagecount",
]
REPORT_FILE = ""
PROGRESS_INTERVAL = 60.0  # seconds between progress lines in the log; 0: none
PROGRESS_BAR = "auto"  # a live status line on stderr: auto (when it is a terminal), 1, 0
STALL_TIMEOUT = 900.0  # seconds with no response and no item before the run is stopped; 0: never
# WARC archiving: -s WARC_ARCHIVE_DIR=archive/ records every response with its request.
WARC_ARCHIVE_DIR = ""
WARC_MAX_FILE_SIZE = 100_000_000  # bytes; the file is closed and a new one opened past this

# Scaling out on Redis (newscrawler/cluster/): with REDIS_URL set (or env NEWSCRAWLER_REDIS_URL),
# every `scrapy crawl` is a worker of one shared frontier (scrapy-redis scheduler and duplicate
# filter, run-scoped), the seen-store is the hash <spider>:seen in that Redis, and WORKER_ID
# defaults to <hostname>-<pid>. Empty: nothing changes. REDIS_PARAMS passes client options.
REDIS_URL = ""
REDIS_IDLE_TIMEOUT = 30.0  # seconds with the queue empty and no worker busy before workers exit
REDIS_WORKER_TTL = 30.0  # a worker silent this long is dead: its requests go back in the queue
REDIS_RECONNECT_TIMEOUT = 60.0  # seconds a worker waits for a lost Redis before it stops (exit 6)

# Hostile input. A news page is 100-300 KB: a bigger body is refused as
# `too_large` (decompressed size too: a gzip bomb stops at the limit, `too_large_decompressed`),
# and a WARC replay applies the same limit. Redirects: at most 5 hops (`too_many_redirects`); off
# the site, into a private network or round in a loop they are refused (fetch/redirects.py).
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated transfer is a `data_loss` failure, never an article
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES["newscrawler.fetch.redirects.RedirectGuardMiddleware"] = 610
