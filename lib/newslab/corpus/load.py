"""Loading a corpus: a folder, text file or table of articles becomes one DataFrame row per document."""
from __future__ import annotations

import hashlib
import math
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import COMMON, ENGINES, Choice, Interval, Param, check_call, document
from ..errors import CorpusError, NewslabWarning, ParameterError
from .boilerplate import check_boilerplate, strip_boilerplate
from .columns import clean_texts, release_arrow_memory, word_counts
from .dataset import is_dataset, part_files, read_dataset
from .dates import parse_dates
from .files import SUPPORTED, TEXT_SUFFIXES, WEB_SUFFIXES, decode_bytes, is_binary, list_files, read_table, suffix, warn_skipped
from .language import detect_languages
from .textparse import ParsedDoc, first_sentence_title, parse_text_file
from .web import read_web_file

DEFAULT_MAX_DOC_CHARS = 2_000_000  # longer texts (a book, a pasted dump) are cut, with a warning
PARAMS = {  # one line per parameter: load_corpus validates against it, the CLI and every notebook follow it
    "text_column": COMMON["text_column"],
    "id_column": COMMON["id_column"],
    "min_words": Param(int, 10, Interval(0, None), "documents with fewer words are kept but flagged empty"),
    "max_doc_chars": Param(int, DEFAULT_MAX_DOC_CHARS, Interval(1, None), "longer texts are cut to this many characters, with a warning"),
    "dayfirst": Param(bool, False, None, "numeric dates put the day first (off: as the dates show, else month first with a warning)"),
    "boilerplate": Param(str, "remove", None, "outlet boilerplate (datelines, bylines, footers): remove, keep, or an edited boilerplate.csv"),
}
READ_PARAMS = {  # read_corpus: what it returns, and how a plain corpus is split
    "engine": Param(str, "dask", Choice(*ENGINES), "a Dask DataFrame (dask) or a pandas one as load_corpus (local)"),
    "partition_rows": Param(int, 100_000, Interval(1, None), "documents per partition of a corpus that is not a dataset"),
}
CORE_COLUMNS = [
    "doc_id", "source_file", "position", "title", "title_source", "date", "outlet", "source_title",
    "url", "text", "captions", "n_words", "is_empty", "text_hash",
]
# Written by the boilerplate stage (not required of a corpus dataset written before it existed).
BOILERPLATE_COLUMNS = ["raw_text", "boilerplate_spans", "credits"]
# Column names other tools use for the fields newslab knows, tried in order when the field is absent.
FIELD_ALIASES = {
    "title": ["title", "headline"],
    "date": ["date", "published", "published_at", "pubdate", "datetime"],
    "outlet": ["outlet", "source", "publisher", "media"],
    "url": ["url", "link"],
}
TEXT_FALLBACKS = ["body", "content", "article"]


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
    if is_binary(raw):
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


def _docs_from_table(path: Path, rel: str, text_column: str, id_column: str | None) -> pd.DataFrame:
    table = read_table(path)
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
    out["text"] = pd.Series(clean_texts(table[text_column].fillna("").astype(str).tolist()), index=out.index, dtype=object)
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


@document(PARAMS, extra="""path : str or PathLike
    A folder, text file or table (.txt .md .csv .tsv .jsonl[.gz] .parquet), or a dataset written by
    `newslab corpus --partition-rows`.""")
def load_corpus(
    path: str | os.PathLike,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    min_words: int = 10,
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
    dayfirst: bool = False,
    boilerplate: str | os.PathLike = "remove",
) -> pd.DataFrame:
    """One row per document of a folder, text file or table; see docs/corpus.md for the columns.

    Documents with fewer than `min_words` words are kept but flagged `is_empty`; texts longer than
    `max_doc_chars` characters are cut there (with one warning naming them). Files that cannot be used are
    skipped with one warning that counts and names them. Numeric dates put the day first when `dayfirst`,
    else as the corpus shows (25/03 is day first), warning when it cannot tell (01/03). `boilerplate`:
    "remove" cuts each outlet's boilerplate from `text` (kept in `raw_text`), "keep" leaves the text as
    published, a boilerplate.csv (as load_with_boilerplate gives it, edited) cuts the rows whose action is remove.
    """
    return load_with_boilerplate(path, text_column=text_column, id_column=id_column, min_words=min_words,
                                 max_doc_chars=max_doc_chars, dayfirst=dayfirst, boilerplate=boilerplate)[0]


@document(PARAMS, extra="""path : str or PathLike
    As load_corpus.""")
def load_with_boilerplate(
    path: str | os.PathLike,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    min_words: int = 10,
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
    dayfirst: bool = False,
    boilerplate: str | os.PathLike = "remove",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the corpus as load_corpus gives it, its boilerplate table: the rows of boilerplate.csv)."""
    boilerplate = os.fspath(boilerplate) if isinstance(boilerplate, os.PathLike) else boilerplate
    check_call(PARAMS, locals())
    check_boilerplate(boilerplate)
    root = Path(path).expanduser()
    if not root.exists():
        raise CorpusError(f"{root}: no such file or folder")
    if is_dataset(root):  # written by `newslab corpus --partition-rows`: already one row per document
        corpus = read_dataset(root)
        missing = [c for c in CORE_COLUMNS if c not in corpus.columns]
        if missing:
            raise CorpusError(f"{root}: corpus dataset lacks the column(s) {', '.join(missing)}")
        return corpus.assign(is_empty=corpus["n_words"] < min_words), strip_boilerplate(corpus.iloc[:0], "keep")[1]
    if root.is_dir():
        files, skipped = list_files(root)
        if not files:
            what = "is empty" if not skipped else f"has no {'/'.join(SUPPORTED)} files"
            raise CorpusError(f"{root}: folder {what}")
    else:
        if suffix(root) not in SUPPORTED:
            raise CorpusError(f"{root}: unsupported file type (use {', '.join(SUPPORTED)})")
        files, skipped = [root], []

    text_rows, tables, skipped_records = [], [], []
    for f in files:
        rel = f.relative_to(root).as_posix() if root.is_dir() else f.name
        in_subfolder = root.is_dir() and f.parent != root
        try:
            if suffix(f) in TEXT_SUFFIXES or suffix(f) in WEB_SUFFIXES:
                if suffix(f) in WEB_SUFFIXES:  # saved pages and WARC crawls (corpus/web.py)
                    rows, bad_records = read_web_file(f, rel)
                    skipped_records.extend(bad_records)
                else:  # in a labelled folder (files in sub-folders) the first line is the title; elsewhere guessed
                    rows = _docs_from_text_file(f, rel, title_line=True if in_subfolder else None)
                if in_subfolder:
                    for r in rows:
                        r["label"] = f.parent.relative_to(root).as_posix()
                text_rows.extend(rows)
            else:
                tables.append(_docs_from_table(f, rel, text_column, id_column))
        except (CorpusError, OSError) as exc:
            if root.is_file():
                raise CorpusError(str(exc) if isinstance(exc, CorpusError) else f"{f}: cannot be read ({exc})") from None
            skipped.append(str(exc) if isinstance(exc, CorpusError) else f"{f} ({exc.strerror or 'cannot be read'})")
    warn_skipped(root, skipped, records=skipped_records)
    frames = ([pd.DataFrame(text_rows)] if text_rows else []) + tables
    if not frames or all(f["text"].str.strip().eq("").all() for f in frames):
        raise CorpusError(f"{root}: no readable text found")
    corpus = pd.concat(frames, ignore_index=True)
    corpus["text"] = _truncate(corpus["text"].fillna("").astype(str), corpus["source_file"], max_doc_chars, where=str(root))
    corpus, table = strip_boilerplate(corpus, boilerplate)
    release_arrow_memory()  # learning boilerplate works in Arrow: its freed memory goes to the columns that follow
    corpus = _finish(corpus, min_words=min_words, where=str(root), id_column=id_column, dayfirst=dayfirst)
    release_arrow_memory()
    return corpus, table


def _truncate(texts: pd.Series, sources: pd.Series, max_chars: int, *, where: str) -> pd.Series:
    """Texts cut at `max_chars` (at the last space before it, when one is near); one warning naming them."""
    long = texts.str.len() > max_chars
    if not long.any():
        return texts

    def cut(text: str) -> str:
        head = text[:max_chars]
        space = head.rfind(" ", max(0, max_chars - 200))
        return head[:space] if space > 0 else head

    names = sorted(set(sources[long]))
    shown = ", ".join(names[:10]) + (f", … {len(names) - 10} more" if len(names) > 10 else "")
    warnings.warn(f"{where}: {int(long.sum())} document(s) longer than max_doc_chars={max_chars:,} characters "
                  f"were cut to that length ({shown})", NewslabWarning, stacklevel=3)
    return texts.where(~long, texts[long].map(cut))


def _finish(df: pd.DataFrame, *, min_words: int, where: str, id_column: str | None,
            dayfirst: bool = False) -> pd.DataFrame:
    """Fill the derived columns and put the known ones first."""
    for col in ("title", "title_source", "outlet", "source_title", "url", "captions"):
        df[col] = df[col].fillna("").astype(str) if col in df.columns else ""
    df["text"] = df["text"].fillna("").astype(str)
    df["n_words"] = word_counts(df["text"].tolist())
    df["is_empty"] = df["n_words"] < min_words
    df["text_hash"] = df["text"].map(text_hash)
    df["language"] = detect_languages(df["text"], given=df["language"] if "language" in df.columns else None)
    df["date"] = (parse_dates(df["date"], where=where, dayfirst=dayfirst) if "date" in df.columns
                  else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]"))
    untitled = df["title"].str.strip() == ""
    df.loc[untitled, "title"] = df.loc[untitled, "text"].map(first_sentence_title)
    df.loc[untitled, "title_source"] = np.where(df.loc[untitled, "title"] != "", "first_sentence", "")
    # Ids derived from the text as published (the same whether boilerplate is removed or kept), where none is given.
    given = df["doc_id"] if "doc_id" in df.columns else pd.Series(None, index=df.index, dtype=object)
    ids = given.to_numpy(dtype=object, copy=True)
    columns = [df[c].to_numpy(dtype=object) for c in ("source_file", "position", "raw_text", "text", "text_hash")]
    for i in np.flatnonzero((given.isna() | (given.astype(str) == "")).to_numpy()):
        source, position, raw, text, digest = (c[i] for c in columns)
        ids[i] = _derived_id(source, position, digest if raw is text else text_hash(raw))
    df["doc_id"] = pd.Series(ids, index=df.index).astype(str)
    dupes = df["doc_id"][df["doc_id"].duplicated()].unique()
    if len(dupes):
        col = id_column or "id"
        raise CorpusError(f"{where}: id column {col!r} has duplicate values, e.g. {', '.join(map(str, dupes[:3]))}")
    df["position"] = df["position"].astype("int64")
    extras = [c for c in df.columns if c not in CORE_COLUMNS + BOILERPLATE_COLUMNS and c != "language"]
    return df[CORE_COLUMNS + ["language"] + BOILERPLATE_COLUMNS + extras].reset_index(drop=True)


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


def read_corpus(path: str | os.PathLike, *, engine: str = "dask", partition_rows: int = 100_000, text_column: str = "text",
                id_column: str | None = None, min_words: int = 10, max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
                boilerplate: str = "remove"):
    """The corpus at `path`: a pandas DataFrame (engine="local", as load_corpus) or a Dask DataFrame with one
    partition per part file of a partitioned dataset (or per `partition_rows` documents of any other corpus)."""
    check_call(READ_PARAMS, locals())
    load_options = {"text_column": text_column, "id_column": id_column, "min_words": min_words, "max_doc_chars": max_doc_chars,
                    "boilerplate": boilerplate}
    if engine == "local":
        return load_corpus(path, **load_options)
    import dask.dataframe as dd

    if is_dataset(path):
        given = [n for n, v in load_options.items() if v != PARAMS[n].default]
        if given:
            raise ParameterError(f"{path}: a corpus dataset is read as written; got options {', '.join(given)}")
        return dd.read_parquet([str(f) for f in part_files(path)], split_row_groups=False)
    corpus = load_corpus(path, **load_options)
    return dd.from_pandas(corpus, npartitions=max(1, math.ceil(len(corpus) / partition_rows)), sort=False)
