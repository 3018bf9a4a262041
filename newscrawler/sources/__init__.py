"""Sources: one package per portal (URL shapes, boilerplate rules, parser).

Adding a portal means adding its package and one line here.
"""

from newscrawler.extract.boilerplate import GENERIC, Boilerplate
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE as MAILKZ

BOILERPLATES: dict[str, Boilerplate] = {b.site: b for b in (MAILKZ,)}


def boilerplate_for(site: str) -> Boilerplate:
    """The boilerplate rules of a site: its source's, or the site-agnostic ones for any other
    site (the `generic` spider's pages)."""
    return BOILERPLATES.get(site, GENERIC)
