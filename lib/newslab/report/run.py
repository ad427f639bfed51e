"""`newslab report`: run every notebook with papermill and write executed notebooks, HTML, index and manifest."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..checks import Interval, Param, check_params
from ..corpus import corpus_hash, load_corpus, summarize_corpus
from ..errors import NewslabError, ParameterError
from ..io import check_output_dir, replace_dir, write_text
from .documents import DOCUMENTS, documents_page
from .pages import PageFrame, build_manifest, corpus_description, notebook_to_html, render_index, write_manifest
from .kernel import DEFAULT_KERNEL, execute_notebook, kernel_uses_this_python, one_line
from .params import INJECTED, RUN_SET, check_overrides, check_value, load_params_file, read_notebook_parameters
from .progress import clean_leftovers, exclusive_run, mark_running

COLUMN_PARAMETERS = ("text_column", "id_column", "boilerplate", "dayfirst")  # how the corpus is read, passed to every notebook
RUN_CACHE = ".run-cache"  # in the report folder while a run lasts: duplicates found by one notebook for the next
PARAMS = {  # run_report's options (the CLI's `newslab report` options come from it)
    "timeout": Param((float, type(None)), None, Interval(0, None, closed="neither"),
                     "fail a notebook that runs longer than this many seconds"),
    "kernel": Param(str, DEFAULT_KERNEL, None, "Jupyter kernel to run on (this Python when it is not registered)"),
    "text_column": Param((str, type(None)), None, None, "column holding the text in tables, passed to every notebook"),
    "id_column": Param((str, type(None)), None, None, "column holding document ids in tables, passed to every notebook"),
    "boilerplate": Param((str, type(None)), None, None,
                         "outlet boilerplate: remove, keep or an edited boilerplate.csv, passed to every notebook"),
    "dayfirst": Param((bool, type(None)), None, None,
                      "numeric dates put the day first (01/03/2024 is 1 March), passed to every notebook"),
}


def default_notebooks_dir() -> Path:
    """$NEWSLAB_NOTEBOOKS, else the notebooks shipped inside the package (in a checkout: the repo's notebooks/)."""
    env = os.environ.get("NEWSLAB_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "notebooks"


def notebook_key(path: Path) -> str:
    """'10-topic-clustering.ipynb' → 'topic-clustering': the name used in --only and the params file."""
    stem = path.stem
    return stem.split("-", 1)[1] if stem[:2].isdigit() and "-" in stem else stem


def find_notebooks(notebooks_dir: Path, only: list[str] | None = None) -> list[Path]:
    """The `NN-*.ipynb` notebooks in order, or those named in `only` (by key, stem or number)."""
    if not notebooks_dir.is_dir():
        raise NewslabError(f"{notebooks_dir}: no notebooks folder (set --notebooks or NEWSLAB_NOTEBOOKS)")
    notebooks = sorted(p for p in notebooks_dir.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise NewslabError(f"{notebooks_dir}: no NN-name.ipynb notebooks found")
    if not only:
        return notebooks
    chosen = []
    for name in only:
        match = [p for p in notebooks if name in (notebook_key(p), p.stem, p.stem[:2], p.name)]
        if not match:
            raise ParameterError(f"--only: no notebook {name!r}; available: {', '.join(notebook_key(p) for p in notebooks)}")
        chosen.extend(m for m in match if m not in chosen)
    return chosen


PATH_PARAMETERS = ("aliases",)  # file paths in a params file are read from the folder the user ran newslab in


def resolve_parameters(notebooks: list[Path], params_file: dict[str, dict], *, available: list[Path] | None = None) -> dict[Path, dict]:
    """Per notebook, every parameter's value (default or from the params file), validated before any kernel starts.
    Every section is checked, also those of notebooks this run leaves out (--only)."""
    available = available or notebooks
    for path in available:
        if path not in notebooks and (notebook_key(path) in params_file or path.stem in params_file):
            check_overrides(path.name, read_notebook_parameters(path),
                            params_file.get(notebook_key(path), {}) | params_file.get(path.stem, {}))
    keys = {notebook_key(p) for p in available} | {p.stem for p in available}
    for section in params_file:
        if section != "common" and section not in keys:
            raise ParameterError(
                f"params file: no notebook {section!r}; sections are 'common' and {', '.join(sorted(notebook_key(p) for p in available))}"
            )
    declared = {p: read_notebook_parameters(p) for p in notebooks}
    common = params_file.get("common", {})
    for name in (*INJECTED, *RUN_SET):
        if name in common or any(name in params_file.get(k, {}) for k in keys):
            raise ParameterError(f"params file: {name!r} is set by `newslab report` itself (CORPUS, --out, its run cache)")
    known_anywhere = set().union(*(d.keys() for d in declared.values()))
    for name in common:
        if name not in known_anywhere:
            raise ParameterError(f"params file: common parameter {name!r} is not a parameter of any notebook in this run")
    resolved = {}
    for path, params in declared.items():
        missing = [n for n in INJECTED if n not in params]
        if missing:
            raise ParameterError(f"{path.name}: its parameters cell lacks {', '.join(missing)}")
        overrides = {k: v for k, v in common.items() if k in params}
        overrides |= params_file.get(notebook_key(path), {}) | params_file.get(path.stem, {})
        check_overrides(path.name, params, overrides)
        for name in PATH_PARAMETERS:  # a kernel runs in the notebooks folder: relative paths would move
            if isinstance(overrides.get(name), str) and overrides[name] and not Path(overrides[name]).is_absolute():
                overrides[name] = str(Path(overrides[name]).expanduser().resolve())
        defaults = {n: p.default for n, p in params.items() if n not in INJECTED}
        resolved[path] = defaults | overrides
    return resolved


def add_column_parameters(overrides: dict[Path, dict], *, text_column: str | None, id_column: str | None,
                          boilerplate: str | None = None, dayfirst: bool | None = None) -> dict[Path, dict]:
    """--text-column/--id-column/--boilerplate/--dayfirst into every notebook's parameters; an error names a
    notebook that cannot take them."""
    given = {k: v for k, v in zip(COLUMN_PARAMETERS, (text_column, id_column, boilerplate, dayfirst)) if v is not None}
    for path, params in overrides.items():
        declared = read_notebook_parameters(path)
        for name, value in given.items():
            if name not in declared:
                raise ParameterError(f"{path.name}: its parameters cell has no {name!r}, so --{name.replace('_', '-')} cannot reach it")
            params[name] = check_value(path, declared, name, value)
    return overrides


@dataclass
class NotebookRun:
    name: str
    status: str
    duration_s: float
    parameters: dict
    notebook: str | None = None
    html: str | None = None
    error: str | None = None
    kernel: str = DEFAULT_KERNEL

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _replace_in_file(path: Path, replacements: dict[str, str]) -> None:
    """Each path as the notebook's JSON spells it (non-ASCII written as is, as nbformat writes it) replaced."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        for ascii_only in (False, True):
            text = text.replace(json.dumps(old, ensure_ascii=ascii_only)[1:-1], json.dumps(new, ensure_ascii=ascii_only)[1:-1])
    path.write_text(text, encoding="utf-8")


def _write_failure_notebook(source: Path, target: Path, error: str) -> None:
    """The unexecuted notebook with the reason it failed at the top, so its HTML says what happened."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    # escaped for HTML and for markdown: an error quoting corpus text must not become a link or markup
    shown = error.translate({ord(c): f"&#{ord(c)};" for c in "&<>\"'[]()*_`#!\\$<>{}|~"})
    banner = nbformat.v4.new_markdown_cell(f'<div style="color:#cf222e;font-weight:600">This notebook failed: {shown}</div>')
    banner.id = "newslab-failure"
    nb.cells.insert(0, banner)
    write_text(target, nbformat.writes(nb))


def _failure_page(name: str, error: str) -> str:
    """A minimal page for a notebook whose HTML could not be made."""
    import html

    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(name)}</title></head>'
            f'<body><h1>{html.escape(name)}</h1><p style="color:#cf222e">This notebook failed: {html.escape(error)}</p>'
            "</body></html>\n")


def run_notebook(path: Path, out: Path, corpus: Path, overrides: dict, *, kernel_name: str = DEFAULT_KERNEL,
                 timeout: float | None = None, show_code: bool = False, this_python: bool = False,
                 corpus_summary: dict | None = None, shared: dict | None = None) -> NotebookRun:
    """Execute one notebook into a temp folder, render it, then move its outputs into `out`.

    The notebook gets out_dir=<out>/data and writes its tables to out_dir/<its name>/ (a notebook that writes
    straight into out_dir still has them moved there). A failure in any step (execution, HTML conversion,
    moving tables) marks this notebook failed; it never raises, so the next notebook still runs. `shared` (such as
    the run's duplicates cache folder) is passed to the notebook but is not one of its recorded parameters.
    """
    started = time.monotonic()
    html_name, data_key = f"{path.stem}.html", notebook_key(path)
    final_data = out / "data" / data_key
    stage, completed = None, False
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{path.stem}-", dir=out))
        error = _run_steps(path, out, stage, corpus, {**overrides, **(shared or {})}, kernel_name=kernel_name, timeout=timeout,
                           show_code=show_code, this_python=this_python, corpus_summary=corpus_summary)
        completed = True
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, this notebook failed and the run goes on
        error = one_line(exc)
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
    if not completed:  # say so on its page and notebook rather than leave an earlier run's in place
        with contextlib.suppress(Exception):
            write_text(out / html_name, _failure_page(path.stem, error))
            _write_failure_notebook(path, out / path.name, error)
    return NotebookRun(
        name=path.stem, status="failed" if error else "ok", duration_s=round(time.monotonic() - started, 2),
        parameters={**overrides, "corpus": str(corpus), "out_dir": str(out / "data")},
        notebook=path.name, html=html_name, error=error,
        kernel=f"{kernel_name} (this Python: {sys.executable})" if this_python else kernel_name,
    )


def _run_steps(path: Path, out: Path, stage: Path, corpus: Path, overrides: dict, *, kernel_name: str,
               timeout: float | None, show_code: bool, this_python: bool, corpus_summary: dict | None) -> str | None:
    """Execute, convert to HTML, move into place; return the first error (later steps still run where they can)."""
    data_dir = stage / "data"
    parameters = {"corpus": str(corpus), "out_dir": str(data_dir), **overrides}
    try:
        error = execute_notebook(path, stage / path.name, parameters, kernel_name=kernel_name, timeout=timeout,
                         this_python=this_python)
    except Exception as exc:  # noqa: BLE001 - papermill itself failed (bad notebook JSON, kernel spec, ...)
        error = one_line(exc)
    if not (stage / path.name).exists():  # the kernel died or timed out before papermill saved anything
        _write_failure_notebook(path, stage / path.name, error or "no output")
    key = notebook_key(path)
    staged = data_dir / key if (data_dir / key).is_dir() else data_dir
    final_data = out / "data" / key
    _replace_in_file(stage / path.name, {str(staged): str(final_data), str(stage): str(out)})  # as readers will find it
    html_name = f"{path.stem}.html"
    tables = sorted(p.name for p in staged.iterdir() if p.is_file()) if staged.is_dir() else []
    frame = PageFrame(corpus_name=corpus.name, corpus_summary=corpus_description(corpus_summary) if corpus_summary else "",
                      run_date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), notebook_href=path.name,
                      data_files=[f"data/{key}/{name}" for name in tables], report_dir=out,
                      documents_href=DOCUMENTS)
    try:
        page = notebook_to_html(stage / path.name, show_code=show_code, frame=frame)
    except Exception as exc:  # noqa: BLE001 - an output nbconvert cannot render fails this notebook only
        error = error or f"HTML conversion failed: {one_line(exc)}"
        page = _failure_page(path.stem, error)
    write_text(stage / html_name, page)
    staged.mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    replace_dir(staged, final_data)
    for name in (path.name, html_name):
        os.replace(stage / name, out / name)
    return error


def _carry_over(out: Path, digest: str, runs: list[dict], old: dict | None) -> list[dict]:
    """This run's notebooks plus those an earlier run on the same corpus left in `out` (e.g. after --only)."""
    if not old:
        return runs
    if old.get("corpus", {}).get("content_hash") != digest:
        return runs
    fresh = {r["name"] for r in runs}
    kept = [r | {"from_earlier_run": True} for r in old.get("notebooks", [])
            if r.get("name") not in fresh and r.get("html") and (out / r["html"]).exists()]
    return sorted(runs + kept, key=lambda r: r["name"])


def run_report(
    corpus: str | os.PathLike,
    out: str | os.PathLike,
    *,
    notebooks_dir: str | os.PathLike | None = None,
    only: list[str] | None = None,
    params_file: str | os.PathLike | None = None,
    show_code: bool = False,
    timeout: float | None = None,
    kernel_name: str = DEFAULT_KERNEL,
    text_column: str | None = None,
    id_column: str | None = None,
    boilerplate: str | None = None,
    dayfirst: bool | None = None,
    log=print,
) -> dict:
    """Run the notebooks on `corpus` into `out`; return the manifest (its notebooks say ok or failed).

    `text_column`/`id_column`/`boilerplate`/`dayfirst` (as `newslab corpus` takes them) reach every notebook.
    """
    boilerplate = os.fspath(boilerplate) if isinstance(boilerplate, os.PathLike) else boilerplate
    check_params(PARAMS, {"timeout": timeout, "kernel": kernel_name, "text_column": text_column, "id_column": id_column,
                          "boilerplate": boilerplate, "dayfirst": dayfirst})
    corpus = Path(corpus).expanduser().resolve()
    out = Path(out).expanduser().resolve()
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    notebooks = find_notebooks(folder, only)
    overrides = resolve_parameters(notebooks, load_params_file(params_file), available=find_notebooks(folder))
    if boilerplate is not None and str(boilerplate) not in ("remove", "keep"):
        boilerplate = str(Path(boilerplate).expanduser().resolve())  # the notebooks run in another folder
    overrides = add_column_parameters(overrides, text_column=text_column, id_column=id_column, boilerplate=boilerplate,
                                      dayfirst=dayfirst)
    check_output_dir(out, corpus=corpus)  # a bad --out fails before any work
    docs = load_corpus(corpus, text_column=text_column or "text", id_column=id_column,
                       boilerplate=boilerplate or "remove", dayfirst=bool(dayfirst))  # bad corpus → error now
    summary = summarize_corpus(docs)
    this_python = kernel_uses_this_python(kernel_name)
    if this_python:
        log(f"Jupyter kernel {kernel_name!r} is not registered: running the notebooks on {sys.executable}")
    out.mkdir(parents=True, exist_ok=True)
    with exclusive_run(out):
        return _run_all(corpus, out, notebooks, overrides, docs=docs, summary=summary, kernel_name=kernel_name,
                        timeout=timeout, show_code=show_code, this_python=this_python, log=log)


def _run_all(corpus: Path, out: Path, notebooks: list[Path], overrides: dict[Path, dict], *, docs, summary: dict,
             kernel_name: str, timeout: float | None, show_code: bool, this_python: bool, log) -> dict:
    """Every notebook in turn, the index and manifest marked running until the finished ones replace them."""
    clean_leftovers(out)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    previous = mark_running(out, corpus=corpus, notebooks=[p.stem for p in notebooks], started=started)
    runs = []
    cache = out / RUN_CACHE  # this run's own: made empty now, removed at the end, never read by another run
    shutil.rmtree(cache, ignore_errors=True)
    try:
        for path in notebooks:
            log(f"running {path.name} …")
            shared = {"reuse_cache": str(cache)} if RUN_SET[0] in read_notebook_parameters(path) else {}
            run = run_notebook(path, out, corpus, overrides[path], kernel_name=kernel_name, timeout=timeout,
                               show_code=show_code, this_python=this_python, corpus_summary=summary, shared=shared)
            log(f"  {run.status} in {run.duration_s:.1f} s" + (f": {run.error}" if run.error else ""))
            runs.append(run.as_dict())
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    digest = corpus_hash(docs)
    runs = _carry_over(out, digest, runs, previous)
    manifest = build_manifest(
        corpus_path=corpus, corpus_digest=digest, summary=summary, runs=runs,
        started=started, finished=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    write_manifest(out / "manifest.json", manifest)
    write_text(out / DOCUMENTS, documents_page(docs, data_dir=out / "data", corpus_name=corpus.name))
    write_text(out / "index.html", render_index(manifest, out))
    return manifest
