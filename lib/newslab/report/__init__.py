"""Reports: run every notebook with papermill, check its parameters, write HTML, an index and a manifest.

`run_report` is imported on first use, so `python -m newslab.report.strip` (the git filter, run for every
notebook git looks at) starts without papermill, nbconvert or pandas.
"""
from __future__ import annotations

__all__ = ["run_report"]


def __getattr__(name: str):
    if name == "run_report":
        from .run import run_report

        return run_report
    raise AttributeError(f"module 'newslab.report' has no attribute {name!r}")
