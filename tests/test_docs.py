"""The README is a short door and every link in it and in docs/ leads somewhere: files, images and #anchors exist,
the command lines shown parse, and the Python quickstart runs as printed."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
MAX_README_LINES = 300
MAX_IMAGE_BYTES = 300_000  # a screenshot, not a download

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_REF = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


def _prose(text: str) -> str:
    """The text with fenced code blocks and inline code removed: links inside code are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: rendered text, lower-cased, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link or image reads as its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a markdown page, numbered -1, -2, … on repeats as GitHub does."""
    seen: dict[str, int] = {}
    out = set()
    for match in HEADING.finditer(FENCE.sub("", page.read_text(encoding="utf-8"))):
        slug = github_slug(match.group(2))
        out.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return out


def links(page: Path) -> list[str]:
    prose = _prose(page.read_text(encoding="utf-8"))
    return [m.group(1) for m in LINK.finditer(prose)] + [m.group(1) for m in HTML_REF.finditer(prose)]


def broken_links(page: Path) -> list[str]:
    """Relative links of a page whose file (or #anchor in it) does not exist, as 'target: why'."""
    broken = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto: are not checked here
            continue
        path_part, _, anchor = target.partition("#")
        dest = (page.parent / path_part).resolve() if path_part else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor} in {dest.name}")
    return broken


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail into docs/ (limit {MAX_README_LINES})"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    assert not broken_links(page), f"{page.relative_to(ROOT)}: {broken_links(page)}"


def test_readme_shows_an_image_that_exists():
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", _prose(README.read_text(encoding="utf-8")))
    assert images, "README.md shows no screenshot"
    for image in images:
        path = ROOT / image
        assert path.is_file() and path.stat().st_size > 0, f"README.md image {image} is missing or empty"
        assert path.stat().st_size < MAX_IMAGE_BYTES, f"{image} is {path.stat().st_size:,} bytes: crop or shrink it"


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links(README)}
    assert DOCS.is_dir() and sorted(DOCS.glob("*.md")), "docs/ holds no pages"
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert not unlinked, f"docs pages a README reader cannot reach: {unlinked}"


def test_the_slug_rules_match_github():
    assert github_slug("Text reuse: how copies, passages and clusters are found") == (
        "text-reuse-how-copies-passages-and-clusters-are-found")
    assert github_slug("Duplicates (`benchmarks/duplicates.py`)") == "duplicates-benchmarksduplicatespy"
    assert github_slug("Topics: why kmeans-consensus") == "topics-why-kmeans-consensus"
    assert github_slug("Choosing the number of topics (`auto`)") == "choosing-the-number-of-topics-auto"


def test_a_broken_link_and_a_missing_anchor_are_caught(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## A section\n")
    page = tmp_path / "page.md"
    page.write_text("[ok](other.md#a-section) [gone](missing.md) [bad anchor](other.md#nowhere) "
                    "`[in code](missing.md)` [web](https://example.org/x)\n```\n[fenced](missing.md)\n```\n")
    assert broken_links(page) == ["missing.md: no such file", "other.md#nowhere: no heading #nowhere in other.md"]


def _shell_blocks(page: Path) -> list[str]:
    return re.findall(r"^```(?:bash|sh)\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)


def test_newslab_command_lines_in_the_docs_parse():
    """Every `newslab …` line shown in a bash block names a real subcommand and real options."""
    from newslab.cli import build_parser

    checked = 0
    for page in PAGES:
        for block in _shell_blocks(page):
            for line in block.splitlines():
                words = shlex.split(line.split("  #")[0], comments=True)
                if not words or not words[0].endswith("newslab"):
                    continue
                try:
                    build_parser().parse_args(words[1:])
                except SystemExit:
                    pytest.fail(f"{page.relative_to(ROOT)}: `{line.strip()}` does not parse")
                checked += 1
    assert checked >= 6


@pytest.mark.slow
def test_the_readme_quickstart_runs_as_printed(tmp_path):
    """The README's Python block, run from the repository root, prints topics, pairs and edges (needs spaCy)."""
    section = README.read_text(encoding="utf-8").split("## Python quickstart", 1)[1]
    code = re.search(r"^```python\n(.*?)^```", section, re.M | re.S).group(1)
    assert len(code.strip().splitlines()) <= 5
    env = dict(os.environ, NEWSLAB_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    for column in ("label", "doc_a", "source"):  # the first columns of topics, pairs and edges
        assert column in run.stdout, run.stdout
