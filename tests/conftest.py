"""Shared fixtures: the seed corpus, the ../shared corpora (skipped when absent), tiny corpora."""
from __future__ import annotations

import os
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


def browser_required() -> bool:
    """In CI (CI=true, as .ci/run is called) or with NEWSLAB_REQUIRE_BROWSER=1 the browser tests must run: the
    no-script guarantee of the report pages may never pass by being skipped."""
    return any(os.environ.get(v, "").lower() in ("1", "true", "yes") for v in ("CI", "NEWSLAB_REQUIRE_BROWSER"))


def chromium_or_skip() -> str:
    """find_chromium(); without it, skip the test with the reason, or fail it where the browser is required."""
    path = find_chromium()
    if not path:
        reason = "chromium is not installed (`make browser` installs it as root where apt-get is available)"
        if browser_required():
            pytest.fail(f"{reason}, and the browser tests are required here (CI or NEWSLAB_REQUIRE_BROWSER)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium for the browser tests (see chromium_or_skip)."""
    return chromium_or_skip()


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright, shared by the browser tests."""
    try:
        import playwright.sync_api as playwright
    except ImportError:
        if browser_required():
            pytest.fail("playwright is not installed (a dev extra), and the browser tests are required here")
        pytest.skip("playwright is not installed (a dev extra)")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
