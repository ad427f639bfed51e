"""A git clean filter that stores notebooks without outputs (what nbstripout does, with nothing to download).

`make install` registers it: `git config filter.nbstrip.clean "<venv python> -m newslab.report.strip"`, and
`.gitattributes` applies it to `notebooks/*.ipynb`. JupyterLab may save outputs into the working copy; git
only ever sees the stripped notebook.
"""
from __future__ import annotations

import sys

import nbformat

_RUN_METADATA = ("execution", "papermill", "collapsed", "scrolled", "ExecuteTime")


def strip_outputs(text: str) -> str:
    """The notebook JSON `text` without outputs, execution counts or run metadata, written as nbformat writes it."""
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in _RUN_METADATA:
            cell.metadata.pop(key, None)
    for key in ("papermill", "widgets"):
        nb.metadata.pop(key, None)
    return nbformat.writes(nb) + "\n"


def main() -> int:
    text = sys.stdin.read()
    try:
        sys.stdout.write(strip_outputs(text))
    except Exception as exc:  # never lose a file: pass it through unchanged and say why
        print(f"newslab.report.strip: left unchanged ({exc})", file=sys.stderr)
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
