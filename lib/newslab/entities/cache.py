"""On-disk cache of model output, keyed by text hash, one folder per model + version + annotation version.

Each annotate() call that runs the model adds one Parquet shard; shards are merged when they pile up.
A shard that cannot be read is reported, removed, and its texts are annotated again.
"""
from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import NewslabWarning
from ..io import atomic_path

MAX_SHARDS = 16


def default_cache_dir() -> Path:
    """$NEWSLAB_CACHE_DIR, else $XDG_CACHE_HOME/newslab, else ~/.cache/newslab: shared by every output folder."""
    if env := os.environ.get("NEWSLAB_CACHE_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newslab"


class AnnotationCache:
    """Rows of model output (sentences, entities) for many texts, stored as Parquet shards."""

    COLUMNS = ["text_hash", "kind", "idx", "start", "end", "sent_idx", "label", "text"]
    SCHEMA = pa.schema([
        ("text_hash", pa.string()), ("kind", pa.string()), ("idx", pa.int64()), ("start", pa.int64()),
        ("end", pa.int64()), ("sent_idx", pa.int64()), ("label", pa.string()), ("text", pa.string()),
    ])

    def __init__(self, root: str | os.PathLike, key: str):
        self.folder = Path(root).expanduser() / "annotations" / key

    def _shards(self) -> list[Path]:
        return sorted(self.folder.glob("shard-*.parquet")) if self.folder.is_dir() else []

    def _read(self, shard: Path, keys: set[str] | None) -> pd.DataFrame | None:
        try:
            table = pq.read_table(shard, schema=self.SCHEMA)
        except (OSError, pa.ArrowException, ValueError) as exc:
            warnings.warn(f"annotation cache file {shard} is corrupt ({str(exc).splitlines()[0][:80]}); "
                          "removed, its documents are annotated again", NewslabWarning, stacklevel=4)
            shard.unlink(missing_ok=True)
            return None
        frame = table.to_pandas()
        return frame if keys is None else frame[frame["text_hash"].isin(keys)]

    def lookup(self, keys: set[str]) -> pd.DataFrame:
        """Cached rows of the texts in `keys` (texts not cached have no rows)."""
        parts = [f for shard in self._shards() if (f := self._read(shard, keys)) is not None and len(f)]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=t.to_pandas_dtype()) for c, t in zip(self.COLUMNS, self.SCHEMA.types)})
        rows = pd.concat(parts, ignore_index=True)
        return rows.drop_duplicates(["text_hash", "kind", "idx"], keep="last").reset_index(drop=True)

    def add(self, rows: pd.DataFrame) -> None:
        """Store new rows as one more shard (written atomically), merging shards when there are many."""
        if rows.empty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha1("".join(sorted(rows["text_hash"].unique())).encode()).hexdigest()[:16]
        self._write(rows, self.folder / f"shard-{digest}.parquet")
        shards = self._shards()
        if len(shards) > MAX_SHARDS:
            parts = [f for s in shards if (f := self._read(s, None)) is not None]
            merged = pd.concat(parts, ignore_index=True).drop_duplicates(["text_hash", "kind", "idx"], keep="last")
            target = self.folder / f"shard-{hashlib.sha1(str(len(merged)).encode() + digest.encode()).hexdigest()[:16]}.parquet"
            self._write(merged, target)
            for s in shards:
                if s != target:
                    s.unlink(missing_ok=True)

    def _write(self, rows: pd.DataFrame, path: Path) -> None:
        table = pa.Table.from_pandas(rows[self.COLUMNS].reset_index(drop=True), schema=self.SCHEMA, preserve_index=False)
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp)
