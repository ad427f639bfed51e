"""index.html: a card per report (status, time, key finding, links), the corpus, and the manifest made readable."""
from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import nbformat

from ..show.tables import ROLE

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: .6rem 0; } td, th { padding: .3rem .8rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: .7rem 1rem; margin: .8rem 0; }
.card h3 { margin: 0 0 .3rem 0; font-size: 17px; } .card p { margin: .3rem 0; }
.ok { color: #1a7f37; font-weight: 600; } .failed { color: #cf222e; font-weight: 600; }
.meta { color: #57606a; font-size: 13px; } .nowrap { white-space: nowrap; } code { background: #f3f3f3; padding: 0 .2rem; }
"""


def _first_bullet(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if re.match(r"\s*[-*] ", line):
            return re.sub(r"^\s*[-*] ", "", line).replace("**", "").strip()
    return None


def key_finding(notebook_path: Path) -> str | None:
    """The first key finding an executed notebook displayed (see newslab.show.findings), if any."""
    try:
        nb = nbformat.read(notebook_path, as_version=4)
    except (OSError, ValueError):
        return None
    after_heading = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            after_heading = bool(re.search(r"^#+\s*Key findings", cell.source, re.M | re.I))
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            marked = output.get("metadata", {}).get(ROLE, {}).get("role") == "key-findings"
            items = output.get("metadata", {}).get(ROLE, {}).get("items")
            if marked and items and isinstance(items[0], str):
                return items[0]  # the plain sentence (the Markdown one is escaped)
            if text and (marked or after_heading) and (bullet := _first_bullet(text)):
                return bullet
    return None


def notebook_title(notebook_path: Path, fallback: str) -> str:
    """The notebook's first `# ` heading, else `fallback`."""
    try:
        nb = nbformat.read(notebook_path, as_version=4)
    except (OSError, ValueError):
        return fallback
    for cell in nb.cells:
        if cell.cell_type == "markdown" and (m := re.search(r"^# (.+)$", cell.source, re.M)):
            return m.group(1).strip()
    return fallback


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError):
        return str(iso)


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


def _card(run: dict, out: Path | None) -> str:
    e = html.escape
    name = run["name"]
    number = name[:2] if name[:2].isdigit() else ""
    title = notebook_title(out / run["notebook"], name) if out and run.get("notebook") else name
    finding = key_finding(out / run["notebook"]) if out and run.get("notebook") and run["status"] == "ok" else None
    links = []
    if run.get("html"):
        links.append(f'<a href="{e(run["html"])}">report</a>')
    if run.get("notebook"):
        links.append(f'<a href="{e(run["notebook"])}">notebook</a>')
    data_dir = out / "data" / name.split("-", 1)[-1] if out and number else None
    if data_dir and data_dir.is_dir():
        links += [f'<a href="{e(p.relative_to(out).as_posix())}">{e(p.name)}</a>' for p in sorted(data_dir.iterdir()) if p.is_file()]
    status = f'<span class="{e(run["status"])}">{e(run["status"])}</span>'
    lines = [f'<h3>{e(number + " · ") if number else ""}{e(title)}</h3>',
             f'<p class="meta">{status} · <span class="nowrap">{_duration(run["duration_s"])}</span>'
             + (" · from an earlier run into this folder" if run.get("from_earlier_run") else "") + "</p>"]
    if run.get("error"):
        lines.append(f'<p class="failed">{e(run["error"])}</p>')
    if finding:
        lines.append(f"<p>{e(finding)}</p>")
    lines.append(f'<p class="meta">{" · ".join(links)}</p>')
    return f'<div class="card">{"".join(lines)}</div>'


def _corpus_table(c: dict) -> str:
    e = html.escape
    outlets = ", ".join(f"{e(k)} ({v})" for k, v in list((c.get("outlets") or {}).items())[:10]) or "none"
    labels = ", ".join(f"{e(k)} ({v})" for k, v in (c.get("labels") or {}).items())
    dates = f'<span class="nowrap">{c["first_date"]}</span> … <span class="nowrap">{c["last_date"]}</span>' if c.get("first_date") else "none found"
    files = c.get("files") or []
    shown = "".join(f"<tr><td><code>{e(f['path'])}</code></td><td>{f['bytes']:,} bytes</td><td><code>{e(f['sha256'][:12])}</code></td></tr>"
                    for f in files[:10])
    more = f'<p class="meta">and {len(files) - 10:,} more files, all listed in manifest.json</p>' if len(files) > 10 else ""
    return f"""<table>
<tr><th>path</th><td><code>{e(str(c["path"]))}</code></td></tr>
<tr><th>documents</th><td>{c["documents"]:,} ({c["empty"]:,} empty or near-empty)</td></tr>
<tr><th>words</th><td>{c["words"]:,}</td></tr>
<tr><th>dates</th><td>{dates}</td></tr>
<tr><th>outlets</th><td>{outlets}</td></tr>
{f"<tr><th>labels</th><td>{labels}</td></tr>" if labels else ""}
<tr><th>content hash</th><td><code>{e(c["content_hash"][:12])}</code> (of the documents' texts)</td></tr>
</table>
{f'<h3>Files read (SHA-256)</h3><table>{shown}</table>{more}' if files else ""}"""


def render_index(manifest: dict, out: Path | None = None) -> str:
    """index.html for the report folder `out` (cards read each executed notebook for its key finding)."""
    e = html.escape
    c = manifest["corpus"]
    runs = manifest["notebooks"]
    fresh = [r for r in runs if not r.get("from_earlier_run")]
    total = sum(r["duration_s"] for r in fresh)
    commit = manifest.get("git_commit") or "none"
    commit = commit.replace("+dirty", "")
    dirty = manifest.get("git_uncommitted_changes") or "+dirty" in str(manifest.get("git_commit"))
    code = f"commit <code>{e(commit[:10])}</code>" + (" with uncommitted changes" if dirty else "")
    failed = sum(r["status"] != "ok" for r in runs)
    name = Path(str(c["path"])).name
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslab report — {e(name)}</title><style>{_STYLE}</style></head>
<body>
<h1>newslab report — {e(name)}</h1>
<p class="meta">Run <span class="nowrap">{e(_when(manifest["started_at"]))}</span>, {len(fresh)} notebook(s) in
<span class="nowrap">{_duration(total)}</span>{f', <span class="failed">{failed} failed</span>' if failed else ""} ·
newslab {e(manifest["newslab_version"])}, {code} · Python {e(manifest.get("python", ""))}</p>
<h2>Reports</h2>
{"".join(_card(r, out) for r in runs)}
<h2>Corpus</h2>
<p>Read any document, names marked: <a href="documents.html">documents.html</a> (document ids in the reports' tables link there).</p>
{_corpus_table(c)}
<p class="meta">Everything else (each notebook's parameters, package versions, start and end times):
<a href="manifest.json">manifest.json</a>.</p>
</body></html>
"""
