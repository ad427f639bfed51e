"""Same corpus, parameters and seed: byte-identical data tables, across report runs and worker counts."""
from __future__ import annotations

import pytest

from newslab.io import write_tables
from newslab.report import run_report

from conftest import SEEDS

pytestmark = pytest.mark.slow  # runs every notebook / loads the spaCy model


def tables_in(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_seed_reports_write_byte_identical_tables(seed_report, tmp_path):
    first_dir, _ = seed_report
    run_report(SEEDS, tmp_path / "again", log=lambda *a: None)
    first, second = tables_in(first_dir / "data"), tables_in(tmp_path / "again" / "data")
    assert len(first) >= 10 and sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"tables differ between identical runs: {differing}"


def test_annotations_are_identical_with_one_or_two_processes(seed_corpus, tmp_path):
    from newslab.entities import annotate

    one = annotate(seed_corpus, n_process=1, batch_size=2, cache_dir=tmp_path / "c1", progress=False)
    two = annotate(seed_corpus, n_process=2, batch_size=2, cache_dir=tmp_path / "c2", progress=False)  # 4 batches
    assert one.n_annotated == two.n_annotated > 0  # both ran the model, neither read a cache
    write_tables(tmp_path / "one", one.tables())
    write_tables(tmp_path / "two", two.tables())
    assert tables_in(tmp_path / "one") == tables_in(tmp_path / "two")
