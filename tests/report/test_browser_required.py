"""The browser tests never pass by being skipped where they are required (CI, NEWSLAB_REQUIRE_BROWSER)."""
from __future__ import annotations

import shutil

import pytest

import conftest


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    for name in ("CI", "NEWSLAB_REQUIRE_BROWSER"):
        monkeypatch.delenv(name, raising=False)


def test_without_chromium_a_developer_run_skips_with_the_reason(no_chromium):
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        conftest.chromium_or_skip()


@pytest.mark.parametrize("variable, value", [("CI", "true"), ("NEWSLAB_REQUIRE_BROWSER", "1")])
def test_without_chromium_a_required_run_fails(no_chromium, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(pytest.fail.Exception, match="required here"):
        conftest.chromium_or_skip()


def test_ci_requires_the_browser():
    ci = (conftest.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "NEWSLAB_REQUIRE_BROWSER=1" in ci and "make test" in ci
