"""The JavaScript of interactive outputs, read from the package (never a CDN), and data made safe to inline.

Each interactive output carries its own `<script data-newslab-lib=NAME>` so it works alone in JupyterLab; a
report page keeps one copy of each library (see newslab.report.pages) and loads it at the end of the page.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
LIBRARIES = {  # name -> file in vendor/, in the order a page must load them
    "graphology": "graphology-0.26.0.umd.min.js",
    "sigma": "sigma-3.0.2.min.js",
    "tables": "tables.js",
    "explorer": "explorer.js",
    "topicmap": "topicmap.js",
    "reader": "reader.js",
}
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=None)
def library(name: str) -> str:
    """The source of a bundled script by name (see LIBRARIES)."""
    return (VENDOR / LIBRARIES[name]).read_text(encoding="utf-8")


def library_tag(name: str) -> str:
    """A <script> element holding the bundled library `name`, marked so a report page can keep a single copy."""
    return f'<script data-newslab-lib="{name}">{library(name)}</script>'


def safe_json(data) -> str:
    """Compact JSON whose text can sit inside <script>: no '<', '>' or '&' (so no '</script>' or '<!--' from
    corpus text), no line separators that old parsers choke on."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def data_tag(data, *, role: str) -> str:
    """Inert data for a script to read: <script type="application/json" data-role=ROLE>."""
    return f'<script type="application/json" data-role="{role}">{safe_json(data)}</script>'
