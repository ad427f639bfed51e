"""Both engines on real news at scale: BBC (2,225 stories) annotated and de-duplicated locally, on a LocalCluster
and on a scheduler at an address give identical entities, sentences, pairs, clusters and passages."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from conftest import shared_path
from dask_clusters import local_engine, tcp_scheduler  # noqa: F401  (fixtures)
from newslab.corpus import load_corpus
from newslab.entities import annotate
from newslab.reuse import find_duplicates

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bbc() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sport/199.txt is cp1252
        return load_corpus(shared_path("corpora", "bbc", "articles"))


@pytest.fixture(scope="module")
def local_cache(bbc, tmp_path_factory):
    """Every BBC story annotated by the local engine (two processes), in a cache the halves below read back."""
    cache = tmp_path_factory.mktemp("bbc-local")
    assert annotate(bbc, cache_dir=cache, n_process=2, progress=False).n_annotated > 2000
    return cache


@pytest.fixture(scope="module")
def local_duplicates(bbc):
    return find_duplicates(bbc)


def _same_duplicates(local, on_dask):
    for name, table in local.tables().items():
        pd.testing.assert_frame_equal(table, on_dask.tables()[name], obj=name)


# Each kind of cluster runs spaCy on one half of BBC (every other story), so every story goes through spaCy on
# Dask once and the test costs two local-engine passes, not three; duplicates run on all of BBC on both.
@pytest.mark.parametrize("where, half", [("local cluster", 0), ("scheduler at an address", 1)])
def test_bbc_entities_and_pairs_match_the_local_engine(where, half, bbc, local_cache, local_duplicates, request,
                                                     tmp_path):
    address = (request.getfixturevalue("local_engine").address if where == "local cluster"
               else request.getfixturevalue("tcp_scheduler"))
    stories = bbc.iloc[half::2].reset_index(drop=True)
    local = annotate(stories, cache_dir=local_cache, progress=False)
    assert local.n_annotated == 0 and len(local.entities) > 20_000  # from the local engine's cache
    on_dask = annotate(stories, cache_dir=tmp_path, progress=False, engine="dask", scheduler=address)
    assert on_dask.info["scheduler"] == address and on_dask.n_cached == 0  # every story ran through spaCy on Dask
    assert on_dask.n_annotated == local.n_cached > 1000
    pd.testing.assert_frame_equal(local.entities, on_dask.entities)
    pd.testing.assert_frame_equal(local.sentences, on_dask.sentences)
    assert local_duplicates.counts()["exact"] > 50
    _same_duplicates(local_duplicates, find_duplicates(bbc, engine="dask", scheduler=address))
