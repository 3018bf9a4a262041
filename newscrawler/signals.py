"""Project signals (besides Scrapy's)."""

article_failed = object()
"""An article could not be fetched after retries. Args: request, reason (str), attempts (int)."""
