"""The manifest names exactly the files the corpus loader reads, with their sizes and SHA-256."""
from __future__ import annotations

import hashlib

from newslab.corpus import load_corpus
from newslab.report.manifest import corpus_files


def test_corpus_files_are_the_files_the_loader_reads(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (corpus / "a.txt").write_text("Iran and Israel.\n")
    (corpus / "sub" / "b.md").write_text("Oman mediates.\n")
    (elsewhere / "c.txt").write_text("Syria talks.\n")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    (corpus / ".git").mkdir()
    (corpus / ".git" / "HEAD").write_text("ref: main\n")
    (corpus / "photo.png").write_bytes(b"\x89PNG")

    files = corpus_files(corpus)
    assert [f["path"] for f in files] == ["a.txt", "linked/c.txt", "sub/b.md"]
    assert len(load_corpus(corpus)) == len(files)
    assert files[1] == {"path": "linked/c.txt", "bytes": 13, "sha256": hashlib.sha256(b"Syria talks.\n").hexdigest()}
    assert corpus_files(corpus / "a.txt") == [{"path": "a.txt", "bytes": 17,
                                                "sha256": hashlib.sha256(b"Iran and Israel.\n").hexdigest()}]


def test_the_git_state_query_never_writes_the_checkouts_index(tmp_path):
    """A report reads git state while the user may be committing: it must not take (or rewrite) .git/index."""
    import os
    import subprocess

    from newslab.report.manifest import git_state

    repo = tmp_path / "checkout"
    (repo / "lib" / "newslab").mkdir(parents=True)
    tracked = repo / "lib" / "newslab" / "x.py"
    tracked.write_text("x = 1\n")
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x")
    index = repo / ".git" / "index"
    os.utime(tracked, (1_600_000_000, 1_600_000_000))  # same content, new stat: `git status` would refresh the index
    os.utime(index, (1_500_000_000, 1_500_000_000))
    before = index.stat().st_mtime_ns
    state = git_state(repo / "lib" / "newslab")
    assert state["commit"] and state["uncommitted_changes"] is False
    assert index.stat().st_mtime_ns == before
