"""On-disk cache of model output, keyed by text hash, one folder per model + version + annotation version.

Rows are partitioned by the first two hex digits of their text hash (256 buckets), so a lookup reads only the
buckets of the texts it asks about. Each add() writes one Parquet shard per bucket it touches, under a fresh
name; a bucket's shards are merged when they pile up, by one writer at a time (a file lock), and a merge
deletes only the shards it has read and rewritten. Readers that find a shard gone (merged meanwhile) read the
bucket again. A shard that cannot be read is reported, removed, and its texts are annotated again.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import NewslabWarning
from ..io import atomic_path

MAX_SHARDS = 16  # per bucket
PREFIX_CHARS = 2  # hex digits of the text hash naming a bucket


def default_cache_dir() -> Path:
    """$NEWSLAB_CACHE_DIR, else $XDG_CACHE_HOME/newslab, else ~/.cache/newslab: shared by every output folder."""
    if env := os.environ.get("NEWSLAB_CACHE_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newslab"


class AnnotationCache:
    """Rows of model output (sentences, entities) for many texts, stored as Parquet shards in hash buckets."""

    COLUMNS = ["text_hash", "kind", "idx", "start", "end", "sent_idx", "label", "text"]
    SCHEMA = pa.schema([
        ("text_hash", pa.string()), ("kind", pa.string()), ("idx", pa.int64()), ("start", pa.int64()),
        ("end", pa.int64()), ("sent_idx", pa.int64()), ("label", pa.string()), ("text", pa.string()),
    ])

    def __init__(self, root: str | os.PathLike, key: str):
        self.folder = Path(root).expanduser() / "annotations" / key
        self.usable = self._writable(Path(root).expanduser())

    def _writable(self, root: Path) -> bool:
        """Whether the cache folder can be created and written; if not, say so once: the run goes on uncached."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.folder / ".write-probe"):
                pass
            (self.folder / ".write-probe").unlink(missing_ok=True)
            return True
        except OSError as exc:
            self._disable(root, exc)
            return False

    def _disable(self, root: Path, exc: OSError) -> None:
        self.usable = False
        reason = exc.strerror or type(exc).__name__
        warnings.warn(f"annotation cache {root}: cannot be written ({reason}); annotating without a cache "
                      "(set --cache-dir or NEWSLAB_CACHE_DIR to a writable folder)", NewslabWarning, stacklevel=4)

    def _bucket(self, prefix: str) -> Path:
        return self.folder / prefix

    @staticmethod
    def _shards(bucket: Path) -> list[Path]:
        return sorted(bucket.glob("shard-*.parquet")) if bucket.is_dir() else []

    def _read(self, shard: Path, keys: set[str] | None, labels: set[str] | None = None) -> pd.DataFrame | None:
        """The shard's rows (only those of `keys` if given, and of entities only those with `labels`); None if it
        vanished or was corrupt (then removed)."""
        try:
            filters = [("text_hash", "in", sorted(keys))] if keys is not None else None
            table = pq.read_table(shard, schema=self.SCHEMA, filters=filters)
            if labels is not None:  # dropped in Arrow, before they become Python objects
                import pyarrow.compute as pc

                table = table.filter(pc.or_(pc.not_equal(table["kind"], "ent"),
                                            pc.is_in(table["label"], value_set=pa.array(sorted(labels), pa.string()))))
        except FileNotFoundError:
            return None
        except (OSError, pa.ArrowException, ValueError) as exc:
            if not shard.exists():  # merged away while we read it
                return None
            warnings.warn(f"annotation cache file {shard} is corrupt ({str(exc).splitlines()[0][:80]}); "
                          "removed, its documents are annotated again", NewslabWarning, stacklevel=5)
            shard.unlink(missing_ok=True)
            return None
        return table.to_pandas()

    def _read_bucket(self, bucket: Path, keys: set[str] | None,
                     labels: set[str] | None = None) -> tuple[list[pd.DataFrame], list[Path]]:
        """Every shard of a bucket, re-listing when a shard disappears under us (another writer merged it)."""
        parts, done = [], set()
        while True:
            missing = False
            for shard in self._shards(bucket):
                if shard in done:
                    continue
                frame = self._read(shard, keys, labels)
                if frame is None and not shard.exists():
                    missing = True
                    continue
                done.add(shard)
                if frame is not None:
                    parts.append(frame)
            if not missing:
                return parts, sorted(s for s in done if s.exists())

    def lookup(self, keys: set[str], *, labels: set[str] | None = None) -> pd.DataFrame:
        """Cached rows of the texts in `keys` (texts not cached have no rows); reads only their buckets. With
        `labels`, entity rows of other labels are left out (their texts still count as cached)."""
        if not self.usable:
            keys = set()
        self._migrate_flat_shards()
        by_prefix: dict[str, set[str]] = {}
        for key in keys:
            by_prefix.setdefault(key[:PREFIX_CHARS], set()).add(key)
        parts = []
        for prefix in sorted(by_prefix):
            found, _ = self._read_bucket(self._bucket(prefix), by_prefix[prefix], labels)
            parts.extend(f for f in found if len(f))
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=t.to_pandas_dtype()) for c, t in zip(self.COLUMNS, self.SCHEMA.types)})
        rows = pd.concat(parts, ignore_index=True)
        return rows.drop_duplicates(["text_hash", "kind", "idx"], keep="last").reset_index(drop=True)

    def add(self, rows: pd.DataFrame) -> None:
        """Store new rows: one shard per bucket touched (written atomically), merging a bucket's shards when many.
        A cache that stops accepting writes (disk full) is a warning: the run goes on without it."""
        if rows.empty or not self.usable:
            return
        try:
            for prefix, part in rows.groupby(rows["text_hash"].str[:PREFIX_CHARS], sort=True):
                bucket = self._bucket(prefix)
                bucket.mkdir(parents=True, exist_ok=True)
                self._write(part, bucket / f"shard-{secrets.token_hex(8)}.parquet")
                if len(self._shards(bucket)) > MAX_SHARDS:
                    self._merge(bucket)
        except OSError as exc:
            self._disable(self.folder.parents[1], exc)

    def _merge(self, bucket: Path) -> None:
        """Rewrite a bucket's shards as one; skipped when another process is merging it right now."""
        with _exclusive(bucket / ".merge.lock") as locked:
            if not locked:
                return
            parts, read = self._read_bucket(bucket, None)
            if not parts:
                return
            merged = pd.concat(parts, ignore_index=True).drop_duplicates(["text_hash", "kind", "idx"], keep="last")
            target = bucket / f"shard-{secrets.token_hex(8)}.parquet"
            self._write(merged, target)
            for shard in read:  # only what this merge read and rewrote: shards added meanwhile stay
                shard.unlink(missing_ok=True)

    def _migrate_flat_shards(self) -> None:
        """Move shards of the earlier one-folder layout into buckets (once; other processes skip while it runs)."""
        if not self.usable or not self.folder.is_dir() or not any(self.folder.glob("shard-*.parquet")):
            return
        with _exclusive(self.folder / ".migrate.lock") as locked:
            if not locked:
                return
            for shard in self._shards(self.folder):
                frame = self._read(shard, None)
                if frame is not None:
                    self.add(frame)
                shard.unlink(missing_ok=True)

    def _write(self, rows: pd.DataFrame, path: Path) -> None:
        table = pa.Table.from_pandas(rows[self.COLUMNS].reset_index(drop=True), schema=self.SCHEMA, preserve_index=False)
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp)


@contextlib.contextmanager
def _exclusive(lock_path: Path):
    """Yield True while holding an exclusive lock on `lock_path`, False (at once) if another process holds it."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

