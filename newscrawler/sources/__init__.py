"""Sources: one package per portal (URL shapes, boilerplate rules, parser).

Adding a portal means adding its package and one line here.
"""

from newscrawler.extract.boilerplate import Boilerplate
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE as MAILKZ

BOILERPLATES: dict[str, Boilerplate] = {b.site: b for b in (MAILKZ,)}


def boilerplate_for(site: str) -> Boilerplate:
    """The boilerplate rules of a site; KeyError names the site when it has none."""
    try:
        return BOILERPLATES[site]
    except KeyError:
        raise KeyError(f"no boilerplate rules for site {site!r}") from None
