"""Atomic writes: a failed write leaves the old file (or nothing), never a half-written one."""
import pandas as pd
import pytest

from newslab.errors import ParameterError
from newslab.io import atomic_path, write_table


def test_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_write_table_by_extension(tmp_path):
    frame = pd.DataFrame({"a": [1, 2]})
    for name in ("x.csv", "x.tsv", "x.parquet"):
        write_table(frame, tmp_path / name)
    assert pd.read_parquet(tmp_path / "x.parquet").equals(frame)
    assert (tmp_path / "x.tsv").read_text().startswith("a\n1")
    with pytest.raises(ParameterError, match="x.xlsx"):
        write_table(frame, tmp_path / "x.xlsx")
