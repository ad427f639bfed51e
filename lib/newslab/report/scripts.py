"""The scripts of a report page: each bundled library once, at the end of the page, after the data it reads.

Interactive outputs carry their own copy of the libraries they need (so each works alone in JupyterLab); on a
page those copies are removed and one of each is appended before </body>, in LIBRARIES order.
"""
from __future__ import annotations

import re

from ..show.assets import LIBRARIES, library_tag, safe_json

_LIB = re.compile(r'<script data-newslab-lib="([a-z]+)">.*?</script>', re.S)


def libraries_used(page: str) -> list[str]:
    """The bundled libraries the page's outputs asked for, in load order."""
    used = set(_LIB.findall(page))
    return [name for name in LIBRARIES if name in used]


def gather_scripts(page: str, *, documents_href: str | None = None) -> str:
    """`page` with every bundled library loaded once at its end (and the documents page named for links)."""
    used = libraries_used(page)
    if not used:
        return page
    page = _LIB.sub("", page)
    config = f"<script>window.NEWSLAB_DOCUMENTS = {safe_json(documents_href)};</script>" if documents_href else ""
    scripts = config + "".join(library_tag(name) for name in used)
    at = page.rfind("</body>")
    return page[:at] + scripts + page[at:] if at >= 0 else page + scripts
