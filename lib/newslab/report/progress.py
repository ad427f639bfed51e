"""A report folder that never lies: while a run writes into it, its index and manifest say "running"; one run
at a time (a lock); what a killed run left behind (stage folders, temporary files) is cleaned at the next start."""
from __future__ import annotations

import contextlib
import fcntl
import html
import json
import os
import re
import shutil
from pathlib import Path

from ..errors import ParameterError
from ..io import write_text

# run_notebook's stage folders (tempfile.mkdtemp(prefix=".NN-name-")) and atomic_path's temporary files
_LEFTOVER_DIR = re.compile(r"^\.\d\d-.+-[a-z0-9_]{8}$")
_LEFTOVER_FILE = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


@contextlib.contextmanager
def exclusive_run(out: Path):
    """Hold a lock on the report folder itself for one run (nothing is left in it); another run into the same
    folder fails at once, naming it."""
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ParameterError(f"--out {out}: another newslab report is writing into this folder") from None
        yield
    finally:
        os.close(fd)


def clean_leftovers(out: Path) -> list[str]:
    """Remove the stage folders and temporary files a killed run left in `out` (and in out/data); their names."""
    removed = []
    for folder in (out, out / "data"):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.is_dir() and not entry.is_symlink() and (_LEFTOVER_DIR.match(entry.name) or ".stage-" in entry.name):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
            elif entry.is_file() and _LEFTOVER_FILE.match(entry.name):
                entry.unlink(missing_ok=True)
                removed.append(entry.name)
    return removed


def mark_running(out: Path, *, corpus: Path, notebooks: list[str], started: str) -> dict | None:
    """Say in index.html and manifest.json that a run is in progress (until it finishes); return the previous
    manifest, whose notebooks a partial run (--only) carries over."""
    try:
        previous = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if previous is not None and previous.get("status") == "running":
        previous = previous.get("previous")  # a killed run: what the one before it finished
    running = {"status": "running", "started_at": started, "corpus": {"path": str(corpus)}, "notebooks_to_run": notebooks,
               "previous": previous}
    write_text(out / "manifest.json", json.dumps(running, indent=2, default=str) + "\n")
    e = html.escape
    items = "".join(f"<li>{e(n)}</li>" for n in notebooks)
    write_text(out / "index.html", f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newslab report — {e(corpus.name)} (running)</title></head>
<body style="font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em">
<h1>newslab report — {e(corpus.name)}</h1>
<p><strong>A run started {e(started)} and has not finished.</strong> If no run is going on, it was stopped: run
<code>newslab report</code> again. Pages in this folder may be from this run or an earlier one.</p>
<p>Notebooks in this run:</p><ul>{items}</ul>
</body></html>
""")
    return previous
