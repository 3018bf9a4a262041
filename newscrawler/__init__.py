"""newscrawler: Kazakhstan's news as clean, analysis-ready datasets."""
