"""newscrawler: Kazakhstan's news as clean, analysis-ready datasets."""

from importlib.metadata import PackageNotFoundError, version


def project_version() -> str:
    """The installed package's version ('dev' when run from a tree that is not installed)."""
    try:
        return version("newscrawler")
    except PackageNotFoundError:
        return "dev"
