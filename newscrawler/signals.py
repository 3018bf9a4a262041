"""Project signals (besides Scrapy's)."""

article_failed = object()
"""An article could not be fetched after retries. Args: request, reason (str), attempts (int)."""

run_stopping = object()
"""A component is stopping the run early (the site is unreachable): requests waiting to be
retried give up at once rather than hold the closing engine. No args."""
