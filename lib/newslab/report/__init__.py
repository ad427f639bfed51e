"""Reports: run every notebook with papermill, check its parameters, write HTML, an index and a manifest."""
from .run import run_report

__all__ = ["run_report"]
