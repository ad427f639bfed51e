"""Reading corpus files: which files a folder holds, how their bytes become text, how tables are parsed."""
from __future__ import annotations

import gzip
import io
import json
import os
import warnings
from pathlib import Path

import pandas as pd

from ..errors import CorpusError, NewslabWarning

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".jsonl.gz", ".parquet")
WEB_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".warc", ".warc.gz")  # read by corpus/web.py
SUPPORTED = TEXT_SUFFIXES + TABLE_SUFFIXES + WEB_SUFFIXES
_DOUBLE_SUFFIXES = (".jsonl.gz", ".html.gz", ".htm.gz", ".warc.gz")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
MAX_NAMED = 10  # skipped files named in a warning; the rest are counted
PARQUET_BATCH = 20_000  # rows of a Parquet file turned into pandas at a time


def suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in _DOUBLE_SUFFIXES if name.endswith(s)), path.suffix.lower())


def is_binary(raw: bytes) -> bool:
    """NUL bytes near the start, and not a UTF-16 text with its byte-order mark."""
    return b"\x00" in raw[:8192] and not raw.startswith(_UTF16_BOMS)


def decode_bytes(raw: bytes, path: str) -> str:
    """UTF-8 (BOM allowed), UTF-16 with a BOM, else cp1252 (or Latin-1) with a warning naming the file."""
    if raw.startswith(_UTF32_BOMS):
        raise CorpusError(f"{path}: UTF-32 text is not supported; save it as UTF-8")
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{path}: starts like UTF-16 but is not valid UTF-16 (byte {exc.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined: Latin-1 maps every byte
        text, encoding = raw.decode("latin-1"), "Latin-1"
    warnings.warn(f"{path}: not valid UTF-8, read as {encoding}", NewslabWarning, stacklevel=3)
    return text


def list_files(root: Path) -> tuple[list[Path], list[str]]:
    """Corpus files under `root` in a fixed order (symlinked folders followed once); skipped ones with why."""
    files, skipped, seen = [], [], set()

    def walk(folder: Path) -> None:
        try:
            key = (folder.stat().st_dev, folder.stat().st_ino)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(f"{folder} ({exc.strerror or 'cannot be read'})")
            return
        if key in seen:
            skipped.append(f"{folder} (symlink loop or folder already read)")
            return
        seen.add(key)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(p)
            elif suffix(p) in SUPPORTED:
                files.append(p)
            else:
                skipped.append(f"{p} (not {'/'.join(SUPPORTED)})")

    walk(root)
    return files, skipped


def warn_skipped(root: Path, skipped: list[str], *, records: list[str] = (), stacklevel: int = 3) -> None:
    """One warning counting every skipped file (and WARC record) and naming the first few with the reason."""
    items = [*skipped, *records]
    if not items:
        return
    named = "; ".join(items[:MAX_NAMED]) + (f"; … and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")
    what = f"{len(skipped)} file(s)" if skipped else ""
    if records:
        what += f"{' and ' if skipped else ''}{len(records)} WARC record(s)"
    warnings.warn(f"{root}: skipped {what}: {named}", NewslabWarning, stacklevel=stacklevel)


def _read_jsonl(text: str, path: Path) -> pd.DataFrame:
    """JSON lines; broken lines are skipped with a warning naming them, unless every line is broken."""
    try:
        return pd.read_json(io.StringIO(text), lines=True, dtype=False, convert_dates=False)
    except ValueError:
        pass
    rows, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        (rows.append(row) if isinstance(row, dict) else bad.append(number))
    if not rows:
        raise CorpusError(f"{path}: cannot be read as jsonl: no line is a JSON object (first bad line {bad[0] if bad else 1})")
    lines = ", ".join(map(str, bad[:MAX_NAMED])) + (" …" if len(bad) > MAX_NAMED else "")
    warnings.warn(f"{path}: skipped {len(bad)} broken line(s) that are not JSON objects (line {lines})",
                  NewslabWarning, stacklevel=4)
    return pd.DataFrame(rows).astype(object)


def read_table(path: Path) -> pd.DataFrame:
    """A .csv/.tsv/.jsonl[.gz]/.parquet file as a DataFrame of strings (text decoded as decode_bytes does)."""
    kind = suffix(path)
    try:
        if kind == ".parquet":
            return read_parquet(path)
        if kind not in (".csv", ".tsv", ".jsonl", ".jsonl.gz"):
            raise CorpusError(f"{path}: unsupported file type (use {', '.join(SUPPORTED)})")
        raw = gzip.decompress(path.read_bytes()) if kind == ".jsonl.gz" else path.read_bytes()
        if is_binary(raw):
            raise CorpusError(f"{path}: binary file, not a {kind.lstrip('.')} table")
        text = decode_bytes(raw, str(path))
        if kind == ".csv":
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        if kind == ".tsv":
            return pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)
        return _read_jsonl(text, path)
    except (ValueError, OSError, EOFError, gzip.BadGzipFile, pd.errors.ParserError) as exc:
        if isinstance(exc, CorpusError):
            raise
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise CorpusError(f"{path}: cannot be read as {kind[1:]}: {first}") from None


def row_group_rows() -> int:
    """Rows per row group in the Parquet files newslab writes: what read_parquet converts at a time."""
    return PARQUET_BATCH


def read_parquet(path: Path, *, convert=None, whole: bool = True):
    """A Parquet file as pandas, a row group (or PARQUET_BATCH rows of a larger one) at a time, Arrow's memory given
    back after each: the Arrow copy of the whole file is never held beside the frame (at a million news articles
    that copy is gigabytes). `convert` turns each Arrow piece into pandas; `whole=False` returns the pieces."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    convert = convert or (lambda table: table.to_pandas())
    frames = []
    with pq.ParquetFile(path) as parquet:
        for group in range(parquet.num_row_groups):
            if parquet.metadata.row_group(group).num_rows <= 2 * PARQUET_BATCH:
                frames.append(convert(parquet.read_row_group(group)))
            else:
                frames += [convert(pa.Table.from_batches([batch]))
                           for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, row_groups=[group])]
            pa.default_memory_pool().release_unused()
        if not frames:
            frames = [convert(parquet.schema_arrow.empty_table())]
    if not whole:
        return frames
    return frames[0] if len(frames) == 1 else concat_pieces(frames)


def concat_pieces(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Pieces of one table as one frame; a categorical column stays categorical (categories in order of appearance,
    as Arrow reads a whole file) where pandas would fall back to object for pieces with different categories."""
    out = pd.concat(frames, ignore_index=True)
    for col in frames[0].columns:
        if all(isinstance(f[col].dtype, pd.CategoricalDtype) for f in frames) and not isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Series(pd.api.types.union_categoricals([f[col] for f in frames]), index=out.index)
    return out
