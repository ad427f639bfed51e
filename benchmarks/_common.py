"""Helpers for the benchmark scripts: where ../shared is, per-process peak memory, a stage runner."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_or_exit(*parts: str) -> Path:
    """A path under ../shared; exits with a message (status 0) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} not present (benchmarks need ../shared beside the repo)")
        sys.exit(0)
    return path


def reset_peak() -> None:
    """Start peak-memory measurement afresh (Linux: resets this process's VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak_rss_mb() -> float:
    """Peak resident memory since reset_peak() (VmHWM), or of the whole process, and of waited-for children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as fh:
            own = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run_stage(script: str, *args: str) -> dict:
    """Run `script --stage ...` in a fresh interpreter so each stage's peak memory is its own."""
    out = subprocess.run([sys.executable, script, "--stage", *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"stage {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    import os
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
