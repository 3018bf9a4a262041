"""Project settings. Components read theirs in `from_crawler`; override any with `-s`."""

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"

# Politeness: identify ourselves, obey robots.txt, adapt the pace to the server.
CONTACT_URL = "https://github.com/newscrawler/newscrawler"
USER_AGENT = f"newscrawler/0.1 (+{CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOADER_MIDDLEWARES = {
    # Answers every request from the WARC archive when the spider replays one (-a warc=...).
    "newscrawler.archive.replay.WarcReplayMiddleware": 50,
}

# One job per pipeline; the numbers fix the order an item travels in.
ITEM_PIPELINES = {
    "newscrawler.pipelines.cleaning.NormalizePipeline": 100,
    "newscrawler.pipelines.cleaning.RelatedBlockPipeline": 110,
    "newscrawler.pipelines.cleaning.FooterPipeline": 120,
    "newscrawler.pipelines.cleaning.PhotoCreditPipeline": 130,
    "newscrawler.pipelines.cleaning.SocialEmbedPipeline": 140,
    "newscrawler.pipelines.cleaning.TitleRepeatPipeline": 150,
    "newscrawler.pipelines.cleaning.FingerprintPipeline": 190,
    "newscrawler.pipelines.validation.ValidationPipeline": 200,
    "newscrawler.pipelines.dedup.DedupPipeline": 300,
}

FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawler.logformatter.ShortLogFormatter"

# No listening sockets from a crawler that runs unattended.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Datasets
# With no -o/-O, the RunFeeds add-on exports every crawl to <DATASET_DIR>/<spider>/runs/<run-id>
# .parquet and .jsonl; `scrapy compact <spider>` folds the runs into <spider>/articles/.
DATASET_DIR = "datasets"
WORKER_ID = ""  # suffix of the run id for parallel workers; or env NEWSCRAWLER_WORKER_ID
PARQUET_ROW_GROUP_SIZE = 5_000  # rows buffered per row group: bounds the exporter's memory
ADDONS = {"newscrawler.exporters.layout.RunFeeds": 0}
FEED_EXPORTERS = {
    "parquet": "newscrawler.exporters.parquet.ParquetItemExporter",
    "jsonl": "newscrawler.exporters.jsonl.JsonLinesItemExporter",
}
FEED_STORAGES = {
    "": "newscrawler.exporters.storage.AtomicFileFeedStorage",
    "file": "newscrawler.exporters.storage.AtomicFileFeedStorage",
}
