"""Crawl state that outlives a run: the seen-store of incremental crawls."""
