"""Shared fixtures: the seed corpus, the ../shared corpora (skipped when absent), tiny corpora."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
def small_corpus_dir() -> Path:
    return FIXTURES / "small_corpus"
