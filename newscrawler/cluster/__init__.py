"""Scaling out on Redis: several `scrapy crawl` workers share one frontier (scrapy-redis).

Switched on by REDIS_URL (or env NEWSCRAWLER_REDIS_URL); without it nothing here is loaded. See
addon.py (what the setting switches), scheduler.py (scrapy-redis's scheduler, queue and duplicate
filter, adapted) and frontier.py (the run, the workers and their claims in Redis).
"""
