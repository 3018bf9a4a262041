"""A local fake mail.kz for crawl tests and benchmarks: `with FakeSite(500) as site: ...`."""

from .articles import FakeArticle
from .site import FakeSite, Faults

__all__ = ["FakeArticle", "FakeSite", "Faults"]
