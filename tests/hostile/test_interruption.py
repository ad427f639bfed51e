"""Interrupted runs: a killed annotation keeps what it finished, its worker processes die with it, and Ctrl-C is
one line, never a traceback."""
from __future__ import annotations

import pytest

from conftest import SEEDS


class InterruptedModel:
    """A blank spaCy pipeline that stops (as on Ctrl-C) after `n` texts."""

    def __init__(self, n: int):
        import spacy

        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.n = n

    def pipe(self, texts, **kwargs):
        for i, doc in enumerate(self.nlp.pipe(texts)):
            if i == self.n:
                raise KeyboardInterrupt
            yield doc


def test_an_interrupted_annotation_keeps_what_it_finished(tmp_path, monkeypatch):
    import newslab.entities.pipeline as pipeline
    from newslab.entities.cache import AnnotationCache

    monkeypatch.setattr(pipeline, "FLUSH_DOCS", 2)
    cache = AnnotationCache(tmp_path, "m")
    texts = [f"Text number {i}. It has two sentences." for i in range(7)]
    hashes = [f"{i:02x}{i}" for i in range(7)]
    with pytest.raises(KeyboardInterrupt):
        pipeline.annotate_into_cache(InterruptedModel(5), texts, hashes, cache=cache, batch_size=2, n_process=1,
                                     progress=False)
    kept = set(cache.lookup(set(hashes))["text_hash"])
    assert kept == set(hashes[:4])  # two batches of two reached the cache before the interruption


@pytest.mark.slow
def test_killing_an_annotation_with_worker_processes_leaves_none_running(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    def children(pid):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(140):  # distinct texts, more than two batches of 64: workers start, and are busy when killed
        text = (SEEDS / sorted(os.listdir(SEEDS))[i % 3]).read_text()
        (corpus / f"{i:03}.txt").write_text(f"{text}\n\nCopy number {i} of the seed texts.\n")
    run = subprocess.Popen([sys.executable, "-m", "newslab.cli", "entities", str(corpus), "--out", str(tmp_path / "out"),
                            "--n-process", "2", "--cache-dir", str(tmp_path / "cache")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.monotonic() + 120, []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(run.pid)
        time.sleep(0.2)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(1)
    run.send_signal(signal.SIGKILL)  # the parent only, as an out-of-memory killer would
    run.wait()
    deadline = time.monotonic() + 20
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if os.path.exists(f"/proc/{p}") and "Z" not in open(f"/proc/{p}/stat").read().split()[2]]
        time.sleep(0.2)
    for p in alive:
        os.kill(p, signal.SIGKILL)
    assert not alive, f"worker processes {alive} outlived the killed run"


@pytest.mark.slow
def test_ctrl_c_during_a_report_is_one_line(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    import nbformat

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus: str = "x"  # corpus\nout_dir: str = "/tmp/x"  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import time; time.sleep(120)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "00-sleeps.ipynb")
    for wait in (0.0, 6.0):  # as the kernel starts, and while it runs a cell
        run = subprocess.Popen([sys.executable, "-m", "newslab.cli", "report", str(SEEDS), "--out", str(tmp_path / "out"),
                                "--notebooks", str(notebooks)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
        deadline = time.monotonic() + 60
        while not subprocess.run(["ps", "-o", "pid=", "--ppid", str(run.pid)], capture_output=True, text=True).stdout.strip():
            assert time.monotonic() < deadline, "the kernel never started"
            time.sleep(0.05)
        time.sleep(wait)
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole foreground process group
        _, err = run.communicate(timeout=60)
        time.sleep(2)  # anything a kernel would still print
        assert run.returncode == 130 and "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == "newslab: interrupted", err
