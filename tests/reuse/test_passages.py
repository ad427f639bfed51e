"""Passage reuse: offsets, first-seen order, tolerance to small edits, and the seed archive's shared paragraphs."""
import numpy as np
import pandas as pd

from newslab.reuse.passages import find_passages
from newslab.reuse.sharing import reuse_pairs
from newslab.corpus.textparse import split_paragraphs

from tiny_corpora import corpus_of, words


def test_offsets_recover_the_shared_text_and_first_copy_is_earliest():
    rng = np.random.default_rng(10)
    passage = " ".join(words(rng, 40))
    texts = {
        "late": " ".join(words(rng, 80)) + ". " + passage + ". " + " ".join(words(rng, 60)),
        "early": " ".join(words(rng, 30)) + "\n\n" + passage + "\n\n" + " ".join(words(rng, 90)),
        "other": " ".join(words(rng, 200)),
    }
    corpus = corpus_of(texts, {"late": "2021-05-02", "early": "2021-05-01"})
    result = find_passages(corpus, min_words=25)
    assert len(result.passages) == 1
    occ = result.occurrences
    assert set(occ["doc_id"]) == {"late", "early"}
    for row in occ.itertuples():  # the passage keeps its sentence's full stop where the text has one
        assert texts[row.doc_id][row.start_char:row.end_char] == passage + ("." if row.doc_id == "late" else "")
    assert result.passages.iloc[0]["first_doc"] == "early"
    assert occ.loc[occ.is_first, "doc_id"].tolist() == ["early"]


def test_small_edits_inside_a_passage_are_tolerated():
    rng = np.random.default_rng(11)
    shared = words(rng, 80)
    edited = list(shared)
    edited[30] = "changed"
    edited[55] = "altered"
    texts = {"a": " ".join(words(rng, 50) + shared), "b": " ".join(edited + words(rng, 50))}
    result = find_passages(corpus_of(texts), min_words=25)
    assert len(result.passages) == 1 and result.occurrences["n_words"].min() >= 75


def test_short_overlaps_are_not_passages():
    rng = np.random.default_rng(12)
    common = words(rng, 15)
    texts = {"a": " ".join(words(rng, 60) + common), "b": " ".join(common + words(rng, 60))}
    assert find_passages(corpus_of(texts), min_words=25).passages.empty


def test_seed_paragraphs_shared_by_the_two_posts(seed_corpus):
    result = find_passages(seed_corpus)
    first = seed_corpus[seed_corpus.title.str.startswith("‘Nothing will be left")].iloc[0]
    second = seed_corpus[seed_corpus.title.str.startswith("Iran Guards chief")].iloc[0]
    assert (first.date, second.date) == (pd.Timestamp("2019-09-29"), pd.Timestamp("2019-09-30"))
    shared = set(split_paragraphs(first.text)) & set(split_paragraphs(second.text))
    assert len(shared) == 7
    near = [p for p in split_paragraphs(second.text) if "was a sharp critic" in p]
    assert len(near) == 1 and near[0] not in shared  # near-identical, not identical
    occ = result.occurrences
    for paragraph in sorted(shared) + near:
        ids = set()
        for doc in (first, second):
            if paragraph not in doc.text:
                continue
            start = doc.text.index(paragraph)
            end = start + len(paragraph.rstrip(".”\""))
            hits = occ[(occ.doc_id == doc.doc_id) & (occ.start_char <= start) & (occ.end_char >= end)]
            assert len(hits) == 1, f"not inside a passage of {doc.title[:30]}: {paragraph[:60]}"
            ids.add(hits.iloc[0].passage_id)
        for pid in ids:
            firsts = occ[(occ.passage_id == pid) & occ.is_first]
            assert firsts.doc_id.tolist() == [first.doc_id]
    pairs = reuse_pairs(occ)
    assert (pairs.iloc[0].doc_a, pairs.iloc[0].doc_b) == (first.doc_id, second.doc_id)
