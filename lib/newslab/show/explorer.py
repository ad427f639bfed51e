"""The network explorer: sigma.js (WebGL) over graphology, both bundled, with newslab's explorer.js on top.

Container `data-role="network"`: a search box, label and minimum-count filters, the graph (zoom and pan), a
panel with the clicked entity's neighbours or the clicked pair's evidence. Data is newslab.network.explorer.explorer_data's.
"""
from __future__ import annotations

import html

from .assets import data_tag, library_tag
from .network import OTHER, PALETTE


class Explorer:
    """An interactive network that Jupyter shows as HTML (and as one sentence where HTML cannot run)."""

    def __init__(self, markup: str, summary: str):
        self.markup = markup
        self.summary = summary

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.markup, "text/plain": self.summary}


def summary(data: dict) -> str:
    """One sentence on what the explorer holds (its text/plain form and its label)."""
    shown, total = len(data["nodes"]), data["total_nodes"]
    part = f"{shown:,} entities" + (f" (the most-mentioned of {total:,})" if shown < total else "")
    return f"Network explorer: {part} and {len(data['edges']):,} pairs; passages for the {data['evidence_edges']:,} strongest."


def network_explorer(data: dict, *, height: int = 560) -> Explorer:
    """The explorer of `data` (see newslab.network.explore): its markup, inert data and scripts."""
    text = summary(data)
    if not data["nodes"]:
        sentence = "No entity is mentioned often enough to explore."
        return Explorer(f'<p class="newslab-empty">{sentence}</p>', sentence)
    payload = dict(data, palette=PALETTE, other=OTHER)
    markup = (
        f'<div class="newslab-explorer" data-role="network" data-height="{int(height)}" aria-label="{html.escape(text)}">'
        '<p class="nx-nojs"><b>The network explorer needs JavaScript.</b> Open the HTML report page, or run this '
        "cell in JupyterLab (or trust the notebook: File ▸ Trust Notebook). The figure above is the same network "
        "as a picture.</p>"
        '<div class="nx-tools"><input type="search" placeholder="Find an entity" aria-label="Find an entity" list="">'
        '<span class="nx-labels"></span>'
        '<label>at least <input type="number" class="nx-min" min="1" value="1" style="width:4.5em"> mentions and '
        'windows together</label> <button type="button" class="nx-reset">reset view</button></div>'
        '<div class="nx-main"><div class="nx-stage"></div><div class="nx-panel"><p class="nx-hint">'
        f"{html.escape(text)} Hover an entity for its name, label and mentions; click it for its neighbours and "
        "the passages behind its strongest pair; click a line for its passages. Scroll to zoom, drag to pan.</p>"
        "</div></div>"
        f'{data_tag(payload, role="network-data")}'
        f'{library_tag("graphology")}{library_tag("sigma")}{library_tag("explorer")}</div>'
    )
    return Explorer(markup, text)
