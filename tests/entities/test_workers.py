"""Annotation on several cores: forked workers turn Docs into cache rows themselves, in input order, and give the
rows one process gives."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from newslab.entities import pipeline


def blank_pipeline():
    """A model-free pipeline with sentences and entities, fast enough for a unit test."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Ada Lovelace"}, {"label": "GPE", "pattern": "London"}])
    return nlp


TEXTS = [f"Ada Lovelace wrote note {i}. She lived in London.\n\nA new paragraph {i} without names." for i in range(23)]
HASHES = [f"{i:02x}hash{i}" for i in range(23)]


def test_worker_processes_give_the_rows_of_one_process_in_input_order():
    nlp = blank_pipeline()
    one = pipeline.annotate_texts(nlp, TEXTS, HASHES, batch_size=4, n_process=1, progress=False)
    two = pipeline.annotate_texts(nlp, TEXTS, HASHES, batch_size=4, n_process=2, progress=False)
    pd.testing.assert_frame_equal(one, two)
    assert list(dict.fromkeys(two["text_hash"])) == HASHES
    assert set(two.loc[two["kind"] == "ent", "text"]) == {"Ada Lovelace", "London"}


def test_rows_are_made_in_the_workers_and_flushed_in_parts(monkeypatch):
    seen = []
    real = pipeline._doc_rows

    def spy(h, doc):
        seen.append(os.getpid())
        return real(h, doc)

    monkeypatch.setattr(pipeline, "_doc_rows", spy)
    parts = list(pipeline.iter_annotated(blank_pipeline(), TEXTS, HASHES, batch_size=4, n_process=2,
                                         progress=False, every=8))
    assert not seen, "the Docs were turned into rows in this process"  # the workers' calls are in their own memory
    assert [p["text_hash"].nunique() for p in parts] == [8, 8, 7]


def test_one_batch_runs_in_this_process(monkeypatch):
    monkeypatch.setattr(pipeline, "_can_fork", lambda: pytest.fail("workers were started for a single batch"))
    rows = pipeline.annotate_texts(blank_pipeline(), TEXTS[:3], HASHES[:3], batch_size=4, n_process=2, progress=False)
    assert rows["text_hash"].nunique() == 3


def test_default_processes_are_one_per_core():
    from newslab.entities.annotate import PARAMS

    assert PARAMS["n_process"].default == "auto"
