"""A corpus as a partitioned Parquet dataset (a folder of part files): written once, read back whole by pandas
or one partition at a time by Dask (newslab.corpus.read_corpus)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from ..checks import check_int
from ..errors import CorpusError, ParameterError
from ..io import replace_dir
from .files import concat_pieces, read_parquet, row_group_rows

MARKER = "_newslab_corpus.json"  # written last: a folder without it is not (or not yet) a corpus dataset
FORMAT = "newslab-corpus"


def is_dataset(path: str | os.PathLike) -> bool:
    """True for a folder written by write_dataset."""
    return (Path(path) / MARKER).is_file()


def part_files(path: str | os.PathLike) -> list[Path]:
    """The dataset's part files in document order."""
    root = Path(path)
    meta = _read_marker(root)
    files = [root / name for name in meta["parts"]]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise CorpusError(f"{root}: corpus dataset is incomplete, missing {', '.join(missing[:3])}")
    return files


def _read_marker(root: Path) -> dict:
    try:
        meta = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{root / MARKER}: cannot be read ({exc})") from None
    if meta.get("format") != FORMAT or not isinstance(meta.get("parts"), list):
        raise CorpusError(f"{root / MARKER}: not a newslab corpus dataset description")
    return meta


def write_dataset(corpus: pd.DataFrame, out: str | os.PathLike, *, partition_rows: int = 100_000) -> Path:
    """Write `corpus` as part files of at most `partition_rows` documents each, converted to Arrow one part at a
    time; the folder appears whole (staged beside `out`, then renamed) and replaces what was there."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    check_int("partition_rows", partition_rows, minimum=1)
    out = Path(out)
    if out.suffix.lower() != ".parquet":
        raise ParameterError(f"{out}: a partitioned corpus is a folder whose name ends in .parquet")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out}: exists and is a file; a partitioned corpus is a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    corpus = corpus.reset_index(drop=True)
    schema = pa.Schema.from_pandas(corpus, preserve_index=False)  # one schema for every part, as from the whole
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        parts = []
        for number, lo in enumerate(range(0, max(len(corpus), 1), partition_rows)):
            name = f"part-{number:05d}.parquet"
            part = pa.Table.from_pandas(corpus.iloc[lo:lo + partition_rows], schema=schema, preserve_index=False)
            # a part at a time (never an Arrow copy of the whole corpus), in row groups read back one at a time
            pq.write_table(part, staged / name, row_group_size=row_group_rows())
            del part
            pa.default_memory_pool().release_unused()
            parts.append(name)
        meta = {"format": FORMAT, "version": 1, "documents": len(corpus), "partition_rows": partition_rows,
                "parts": parts}
        (staged / MARKER).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        os.chmod(staged, 0o777 & ~_umask())
        replace_dir(staged, out)
    except BaseException:
        import shutil

        shutil.rmtree(staged, ignore_errors=True)
        raise
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_dataset(path: str | os.PathLike) -> pd.DataFrame:
    """The whole dataset as one DataFrame, in the order it was written, read a row group (or batch) at a time."""
    import pyarrow as pa

    frames = []
    for f in part_files(path):
        try:
            frames += read_parquet(f, convert=_part_frame, whole=False)
        except (OSError, pa.ArrowException) as exc:
            raise CorpusError(f"{path}: a part file cannot be read ({str(exc).splitlines()[0]})") from None
    return concat_pieces(frames) if len(frames) > 1 else frames[0].reset_index(drop=True)


def _part_frame(table) -> pd.DataFrame:
    """One part file as pandas; where `raw_text` equals `text` (nothing was cut) both columns hold the same string
    object, as load_corpus gives them, instead of a second copy of every text."""
    import pyarrow.compute as pc

    if not {"text", "raw_text"} <= set(table.column_names):
        return table.to_pandas()
    at = table.column_names.index("raw_text")
    frame = table.drop_columns(["raw_text"]).to_pandas()
    cut = pc.invert(pc.fill_null(pc.equal(table["raw_text"], table["text"]), False))
    raw = frame["text"].to_numpy(dtype=object, copy=True)
    raw[cut.to_numpy(zero_copy_only=False)] = table["raw_text"].filter(cut).to_pylist()
    frame.insert(at, "raw_text", raw)
    return frame
