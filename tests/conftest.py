"""Shared fixtures: the seed corpus, the ../shared corpora (skipped when absent), tiny corpora."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPORA = Path(__file__).resolve().parent / "corpora"  # the real-world-looking test corpus generator
if str(CORPORA) not in sys.path:
    sys.path.insert(0, str(CORPORA))  # any test can `from realworld import make_outlet_corpus`


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only beside the repo in development and CI)")
    return path


@pytest.fixture(scope="session")
def seed_corpus():
    from newslab.corpus import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory):
    """Every notebook run once on the seeds (shared by the report and determinism tests): (folder, manifest)."""
    from newslab.report import run_report

    out = tmp_path_factory.mktemp("report") / "reports"
    manifest = run_report(SEEDS, out, log=lambda *a: None)
    return out, manifest


@pytest.fixture(scope="session")
def small_corpus_dir() -> Path:
    return FIXTURES / "small_corpus"


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str | None:
    """Debian's chromium (installed by `make browser`), which Playwright drives through executable_path."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """find_chromium(), or skip the test with the reason."""
    path = find_chromium()
    if not path:
        pytest.skip("chromium is not installed (`make browser` installs it as root where apt-get is available)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright, shared by the browser tests."""
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (a dev extra)")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
