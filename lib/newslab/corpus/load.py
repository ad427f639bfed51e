"""Loading a corpus: a folder, text file or table of articles becomes one DataFrame row per document."""
from __future__ import annotations

import gzip
import hashlib
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import check_int
from ..errors import CorpusError, NewslabWarning
from .dataset import is_dataset, read_dataset
from .textparse import ParsedDoc, clean_text, count_words, first_sentence_title, parse_text_file

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".jsonl.gz", ".parquet")
CORE_COLUMNS = [
    "doc_id", "source_file", "position", "title", "title_source", "date", "outlet", "source_title",
    "url", "text", "captions", "n_words", "is_empty", "text_hash",
]
# Column names other tools use for the fields newslab knows, tried in order when the field is absent.
FIELD_ALIASES = {
    "title": ["title", "headline"],
    "date": ["date", "published", "published_at", "pubdate", "datetime"],
    "outlet": ["outlet", "source", "publisher", "media"],
    "url": ["url", "link"],
}
TEXT_FALLBACKS = ["body", "content", "article"]


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def _is_binary(raw: bytes) -> bool:
    return b"\x00" in raw[:8192]


def decode_bytes(raw: bytes, path: str) -> str:
    """UTF-8 (BOM allowed), else cp1252 with a warning naming the file."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.warn(f"{path}: not valid UTF-8, read as cp1252", NewslabWarning, stacklevel=3)
        return raw.decode("cp1252", errors="replace")


def text_hash(text: str) -> str:
    """Content hash of a document's text (stable across runs and machines)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def corpus_hash(corpus: pd.DataFrame) -> str:
    """Hash of the sorted document hashes: same documents, same hash, whatever their order."""
    h = hashlib.sha1()
    for value in sorted(corpus["text_hash"]):
        h.update(value.encode("ascii"))
    return h.hexdigest()


def _derived_id(source_file: str, position: int, digest: str) -> str:
    stem = source_file.rsplit(".", 1)[0] if "." in source_file else source_file
    return f"{stem}:{position}:{digest[:8]}"


def _docs_from_text_file(path: Path, rel: str, title_line: bool | None) -> list[dict]:
    raw = path.read_bytes()
    if _is_binary(raw):
        raise CorpusError(f"{path}: binary file, not text")
    parsed: list[ParsedDoc] = parse_text_file(decode_bytes(raw, str(path)), title_line=title_line)
    return [
        {
            "source_file": rel, "position": i, "title": d.title, "title_source": d.title_source,
            "date": d.date, "outlet": d.outlet, "source_title": d.source_title, "url": "",
            "text": d.text, "captions": "\n".join(d.captions),
        }
        for i, d in enumerate(parsed)
    ]


def _read_table(path: Path) -> pd.DataFrame:
    suffix = _suffix(path)
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")
        if suffix == ".tsv":
            return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, encoding_errors="replace")
        if suffix in (".jsonl", ".jsonl.gz"):
            opener = gzip.open if suffix == ".jsonl.gz" else open
            with opener(path, "rt", encoding="utf-8") as fh:
                return pd.read_json(fh, lines=True, dtype=False, convert_dates=False)
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except (ValueError, OSError, UnicodeDecodeError, EOFError) as exc:
        raise CorpusError(f"{path}: cannot be read as {suffix[1:]}: {str(exc).splitlines()[0]}") from None
    raise CorpusError(f"{path}: unsupported file type (use {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)})")


def _docs_from_table(path: Path, rel: str, text_column: str, id_column: str | None) -> pd.DataFrame:
    if _suffix(path) in (".csv", ".tsv", ".jsonl"):  # parquet and gzip are binary by design
        with open(path, "rb") as fh:
            if _is_binary(fh.read(8192)):
                raise CorpusError(f"{path}: binary file, not a {_suffix(path)[1:]} table")
    table = _read_table(path)
    if text_column not in table.columns:
        fallback = next((c for c in TEXT_FALLBACKS if c in table.columns), None) if text_column == "text" else None
        if fallback is None:
            raise CorpusError(
                f"{path}: no text column {text_column!r} (columns: {', '.join(map(str, table.columns))}); "
                "name the right one with text_column"
            )
        text_column = fallback
    if id_column is not None and id_column not in table.columns:
        raise CorpusError(f"{path}: no id column {id_column!r} (columns: {', '.join(map(str, table.columns))})")
    out = pd.DataFrame(index=table.index)
    out["source_file"] = rel
    out["position"] = np.arange(len(table))
    out["text"] = table[text_column].fillna("").astype(str).map(clean_text)
    id_col = id_column or ("id" if "id" in table.columns else None)
    if id_col is not None:
        out["doc_id"] = table[id_col].astype(str)
    used = {text_column, id_col}
    for field, names in FIELD_ALIASES.items():
        name = next((n for n in names if n in table.columns and n not in used), None)
        if name is not None:
            used.add(name)
            out[field] = table[name].where(table[name].notna(), "") if field != "date" else table[name]
    out["title_source"] = np.where(out.get("title", pd.Series("", index=out.index)).astype(str) != "", "column", "")
    for col in table.columns:
        if col not in used and col not in out.columns:
            out[col] = table[col]
    return out


def _list_files(root: Path) -> tuple[list[Path], list[str]]:
    files, skipped = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith("."):
                continue
            if _suffix(p) in TEXT_SUFFIXES + TABLE_SUFFIXES:
                files.append(p)
            else:
                skipped.append(str(p))
    return files, skipped


def _parse_dates(values: pd.Series, where: str) -> pd.Series:
    if values.dtype.kind == "M":
        dates = values
    else:
        as_text = values.astype("string").replace("", pd.NA)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dates = pd.to_datetime(as_text, errors="coerce", utc=True)  # fast: one format, inferred
            retry = dates.isna() & as_text.notna()
            if retry.any():  # mixed formats, or debris after the date ("27-MAR-1987 00:02:59.13&#5;RM")
                trimmed = as_text[retry].str.extract(r"^\s*([\w:./+\-, ]+)", expand=False).str.strip()
                dates[retry] = pd.to_datetime(trimmed, errors="coerce", format="mixed", utc=True)
        n_bad = int(dates.isna().sum() - as_text.isna().sum())
        if n_bad:
            warnings.warn(f"{where}: {n_bad} dates could not be parsed and are left empty", NewslabWarning, stacklevel=3)
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return dates.astype("datetime64[ns]")


def load_corpus(
    path: str | os.PathLike,
    text_column: str = "text",
    id_column: str | None = None,
    *,
    min_words: int = 10,
) -> pd.DataFrame:
    """One row per document of a folder, text file or table; see the README for the columns.

    Documents with fewer than `min_words` words are kept but flagged `is_empty`.
    """
    check_int("min_words", min_words, minimum=0)
    root = Path(path).expanduser()
    if not root.exists():
        raise CorpusError(f"{root}: no such file or folder")
    if is_dataset(root):  # written by `newslab corpus --partition-rows`: already one row per document
        corpus = read_dataset(root)
        missing = [c for c in CORE_COLUMNS if c not in corpus.columns]
        if missing:
            raise CorpusError(f"{root}: corpus dataset lacks the column(s) {', '.join(missing)}")
        return corpus.assign(is_empty=corpus["n_words"] < min_words)
    if root.is_dir():
        files, skipped = _list_files(root)
        if not files:
            what = "is empty" if not skipped else f"has no {'/'.join(TEXT_SUFFIXES + TABLE_SUFFIXES)} files"
            raise CorpusError(f"{root}: folder {what}")
        labelled = any(f.parent != root for f in files if _suffix(f) in TEXT_SUFFIXES)
    else:
        if _suffix(root) not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            raise CorpusError(f"{root}: unsupported file type (use {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)})")
        files, skipped, labelled = [root], [], False

    text_rows, tables, unreadable = [], [], []
    for f in files:
        rel = f.relative_to(root).as_posix() if root.is_dir() else f.name
        try:
            if _suffix(f) in TEXT_SUFFIXES:
                rows = _docs_from_text_file(f, rel, title_line=True if labelled else None)
                if labelled and f.parent != root:
                    for r in rows:
                        r["label"] = f.parent.relative_to(root).as_posix()
                text_rows.extend(rows)
            else:
                tables.append(_docs_from_table(f, rel, text_column, id_column))
        except (CorpusError, OSError) as exc:
            if root.is_file():
                raise CorpusError(str(exc) if isinstance(exc, CorpusError) else f"{f}: cannot be read ({exc})") from None
            unreadable.append(str(exc) if isinstance(exc, CorpusError) else f"{f}: {exc.strerror}")
    if unreadable:
        warnings.warn(f"{root}: skipped {len(unreadable)} unreadable file(s): " + "; ".join(unreadable),
                      NewslabWarning, stacklevel=2)
    frames = ([pd.DataFrame(text_rows)] if text_rows else []) + tables
    if not frames or all(f["text"].str.strip().eq("").all() for f in frames):
        raise CorpusError(f"{root}: no readable text found")
    return _finish(pd.concat(frames, ignore_index=True), min_words=min_words, where=str(root),
                   id_column=id_column)


def _finish(df: pd.DataFrame, *, min_words: int, where: str, id_column: str | None) -> pd.DataFrame:
    """Fill the derived columns and put the known ones first."""
    for col in ("title", "title_source", "outlet", "source_title", "url", "captions"):
        df[col] = df[col].fillna("").astype(str) if col in df.columns else ""
    df["text"] = df["text"].fillna("").astype(str)
    df["n_words"] = df["text"].map(count_words).astype("int64")
    df["is_empty"] = df["n_words"] < min_words
    df["text_hash"] = df["text"].map(text_hash)
    df["date"] = _parse_dates(df["date"], where) if "date" in df.columns else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    untitled = df["title"].str.strip() == ""
    df.loc[untitled, "title"] = df.loc[untitled, "text"].map(first_sentence_title)
    df.loc[untitled, "title_source"] = np.where(df.loc[untitled, "title"] != "", "first_sentence", "")
    derived = [_derived_id(s, p, h) for s, p, h in zip(df["source_file"], df["position"], df["text_hash"])]
    if "doc_id" in df.columns:
        df["doc_id"] = df["doc_id"].where(df["doc_id"].notna() & (df["doc_id"].astype(str) != ""), pd.Series(derived))
    else:
        df["doc_id"] = derived
    df["doc_id"] = df["doc_id"].astype(str)
    dupes = df["doc_id"][df["doc_id"].duplicated()].unique()
    if len(dupes):
        col = id_column or "id"
        raise CorpusError(f"{where}: id column {col!r} has duplicate values, e.g. {', '.join(map(str, dupes[:3]))}")
    df["position"] = df["position"].astype("int64")
    extras = [c for c in df.columns if c not in CORE_COLUMNS]
    return df[CORE_COLUMNS + extras].reset_index(drop=True)


def summarize_corpus(corpus: pd.DataFrame) -> dict:
    """Counts a reader wants first: documents, empty ones, date range, outlets, labels."""
    dates = corpus["date"].dropna()
    summary = {
        "documents": int(len(corpus)),
        "empty": int(corpus["is_empty"].sum()),
        "words": int(corpus["n_words"].sum()),
        "source_files": int(corpus["source_file"].nunique()),
        "first_date": dates.min().date().isoformat() if len(dates) else None,
        "last_date": dates.max().date().isoformat() if len(dates) else None,
        "outlets": corpus.loc[corpus["outlet"] != "", "outlet"].value_counts().to_dict(),
    }
    if "label" in corpus.columns:
        summary["labels"] = corpus["label"].dropna().astype(str).value_counts().to_dict()
    return summary


def format_summary(summary: dict, *, top: int = 10) -> str:
    """The summary as a few lines of text for the terminal."""
    lines = [
        f"documents:  {summary['documents']:,} ({summary['empty']:,} empty or near-empty), "
        f"{summary['words']:,} words, {summary['source_files']:,} source file(s)",
        f"dates:      {summary['first_date']} … {summary['last_date']}" if summary["first_date"] else "dates:      none found",
    ]
    for key in ("outlets", "labels"):
        counts = summary.get(key) or {}
        if counts:
            shown = ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:top])
            more = f", … {len(counts) - top} more" if len(counts) > top else ""
            lines.append(f"{key + ':':<11} {shown}{more}")
    return "\n".join(lines)


def analysable(corpus: pd.DataFrame, *, include_empty: bool = False) -> pd.DataFrame:
    """The documents analyses work on: non-empty ones unless `include_empty`."""
    return corpus if include_empty else corpus[~corpus["is_empty"]]
