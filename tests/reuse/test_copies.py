"""Copies as the caller found them: copy_map with the caller's thresholds, and the run cache through which a
report finds duplicates once for every notebook."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslab.errors import ParameterError
from newslab.reuse import as_copy_map, cached_duplicates, copy_map, find_duplicates
from newslab.reuse.copies import cache_key
from tiny_corpora import corpus_of, words


@pytest.fixture(scope="module")
def corpus():
    rng = np.random.default_rng(3)
    base = words(rng, 300)
    edited = base[:240] + words(rng, 60)  # Jaccard about 0.6 with base: near at 0.5, not at 0.7
    texts = {"a": " ".join(base), "b": " ".join(edited), "c": " ".join(words(rng, 300)), "d": " ".join(base)}
    return corpus_of(texts, {"a": "2020-01-01", "b": "2020-01-02", "c": "2020-01-03", "d": "2020-01-04"})


def test_copy_map_follows_the_thresholds_the_caller_passes(corpus):
    loose = copy_map(corpus, threshold=0.5)
    strict = copy_map(corpus, threshold=0.7)
    assert set(loose["doc_id"]) == {"b", "d"} and set(loose["copy_of"]) == {"a"}
    assert set(strict["doc_id"]) == {"d"}
    assert as_copy_map(find_duplicates(corpus, threshold=0.7)).equals(strict)


def test_cache_returns_what_was_found_and_keys_on_the_parameters(corpus, tmp_path):
    first = cached_duplicates(corpus, cache_dir=tmp_path, threshold=0.5)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 1 and files[0].name.startswith("duplicates-")
    again = cached_duplicates(corpus, cache_dir=tmp_path, threshold=0.5)
    assert again.info == first.info  # read back, timings and all: not found a second time
    for name, table in first.tables().items():
        pd.testing.assert_frame_equal(again.tables()[name], table)
    other = cached_duplicates(corpus, cache_dir=tmp_path, threshold=0.7)
    assert len(list(tmp_path.iterdir())) == 2 and set(copy_map(corpus, duplicates=other)["doc_id"]) == {"d"}
    assert cached_duplicates(corpus, cache_dir=tmp_path, threshold=0.5, engine="local").info == first.info


def test_cache_key_covers_the_documents(corpus):
    params = {"threshold": 0.5, "containment_threshold": 0.8, "shingle_size": 5, "method": "auto", "num_perm": 128,
              "seed": 42, "include_empty": False, "partial_share": 0.3, "partial_min_words": 150,
              "min_passage_words": 25, "max_gap": 12, "boilerplate_share": 0.5, "max_pairs_per_passage": 50}
    assert cache_key(corpus, params) != cache_key(corpus.iloc[:3], params)
    assert cache_key(corpus, params) != cache_key(corpus, params | {"shingle_size": 4})


def test_a_damaged_cache_file_is_found_again(corpus, tmp_path):
    first = cached_duplicates(corpus, cache_dir=tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(b"not a pickle")
    again = cached_duplicates(corpus, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again.pairs, first.pairs)


@pytest.mark.parametrize("bad", [{"seed": -1}, {"seed": 10**20}, {"threshold": 0.0}, {"threshold": float("nan")}])
def test_bad_parameters_are_one_line_errors(corpus, tmp_path, bad):
    with pytest.raises(ParameterError, match=next(iter(bad))):
        cached_duplicates(corpus, cache_dir=tmp_path, **bad)
    with pytest.raises(ParameterError, match=next(iter(bad))):
        find_duplicates(corpus, **bad)


def test_a_longer_story_that_embeds_a_short_item_is_not_its_copy():
    """A short item that is mostly a wire passage, and longer stories that carry the passage whole with their own
    text: the stories embed the item, they are not copies of it (topics and the network would fold them in)."""
    rng = np.random.default_rng(7)
    wire = words(rng, 120)
    texts = {"short": " ".join(words(rng, 15) + wire)}
    texts |= {f"long{i}": " ".join(words(rng, 400) + wire + words(rng, 300)) for i in range(3)}
    texts["resent"] = texts["short"]  # a real copy of the short item
    corpus = corpus_of(texts, {"short": "2020-01-01", "long0": "2020-01-02", "long1": "2020-01-03",
                               "long2": "2020-01-04", "resent": "2020-01-05"})
    found = find_duplicates(corpus)
    embeds = set(found.members.loc[found.members["relation"] == "embeds", "doc_id"])
    assert embeds == {"long0", "long1", "long2"}  # the cluster says how each relates
    assert copy_map(corpus, duplicates=found).to_dict("records") == [{"doc_id": "resent", "copy_of": "short"}]
