"""The `Request.meta` keys the project's components pass each other, in one place and by name: a
misspelt key is then an ImportError, not a value silently missing."""

ARTICLE = "article"
"""Request: the discovered article URL the request fetches, the seen-store's key
(state/incremental.py skips it when seen, records it once stored)."""
DROPPED = "dropped_for_content"
"""Response: set by a spider that dropped the page for what it holds, so that the seen-store
records it too and it is not fetched forever."""
FETCHED_AT = "fetched_at"
"""Request: when its response was fetched (an aware datetime), set by the WARC recorder and the
replay (the record's WARC-Date), read by the spider as the item's `crawled_at`; without it, now."""
WARC_RECORD = "warc_record"
"""Request: the `RecordRef` a replayed request stands for (archive/replay.py)."""
