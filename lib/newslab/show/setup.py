"""The first cell of every notebook: its output folder, and sentences shown escaped."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import ParameterError


def setup(out_dir: str | os.PathLike, name: str) -> Path:
    """`out_dir/name`, created: every notebook writes its tables into a folder named after it, in a report
    and in JupyterLab alike."""
    if not name or any(sep in name for sep in ("/", "\\")) or name in (".", ".."):
        raise ParameterError(f"notebook name must be a plain folder name, got {name!r}")
    out = Path(out_dir) / name
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"out_dir {out_dir}: cannot create {out} ({exc.strerror or exc})") from None
    return out


def note(text: str) -> None:
    """Display one sentence of prose; corpus text in it (names, titles) shows as written, never as markup."""
    from IPython.display import display

    from .tables import escape_markdown

    display({"text/markdown": escape_markdown(text), "text/plain": text}, raw=True)
