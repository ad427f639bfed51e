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
def local_annotations(bbc, tmp_path_factory):
    return annotate(bbc, cache_dir=tmp_path_factory.mktemp("bbc-local"), n_process=2, progress=False)


@pytest.fixture(scope="module")
def local_duplicates(bbc):
    return find_duplicates(bbc)


def _same_annotations(local, on_dask):
    pd.testing.assert_frame_equal(local.entities, on_dask.entities)
    pd.testing.assert_frame_equal(local.sentences, on_dask.sentences)


def _same_duplicates(local, on_dask):
    for name, table in local.tables().items():
        pd.testing.assert_frame_equal(table, on_dask.tables()[name], obj=name)


@pytest.mark.parametrize("where", ["local cluster", "scheduler at an address"])
def test_bbc_entities_and_pairs_match_the_local_engine(where, bbc, local_annotations, local_duplicates, request,
                                                     tmp_path):
    address = (request.getfixturevalue("local_engine").address if where == "local cluster"
               else request.getfixturevalue("tcp_scheduler"))
    assert len(local_annotations.entities) > 40_000 and local_duplicates.counts()["exact"] > 50
    on_dask = annotate(bbc, cache_dir=tmp_path, progress=False, engine="dask", scheduler=address)
    assert on_dask.info["scheduler"] == address and on_dask.n_cached == 0  # every story ran through spaCy on Dask
    assert on_dask.n_annotated == local_annotations.n_annotated > 2000
    _same_annotations(local_annotations, on_dask)
    _same_duplicates(local_duplicates, find_duplicates(bbc, engine="dask", scheduler=address))
