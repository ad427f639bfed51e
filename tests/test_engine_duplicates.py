"""find_duplicates(engine="dask") reports exactly the local engine's pairs and clusters, on a LocalCluster and
on a scheduler at an address, on the seeds and on BBC."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import shared_path
from dask_clusters import local_engine, tcp_scheduler  # noqa: F401  (fixtures)
from newslab.cli import main
from newslab.corpus import load_corpus
from newslab.errors import ParameterError
from newslab.reuse import find_duplicates
from newslab.reuse.distributed import prefix_postings

pytestmark = pytest.mark.slow


def _same(local, on_dask):
    pd.testing.assert_frame_equal(local.pairs, on_dask.pairs)
    pd.testing.assert_frame_equal(local.clusters, on_dask.clusters)
    pd.testing.assert_frame_equal(local.members, on_dask.members)


@pytest.fixture(scope="module")
def bbc():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sport/199.txt is cp1252
        return load_corpus(shared_path("corpora", "bbc", "articles"))


def test_seeds_on_a_local_cluster(seed_corpus, local_engine):
    local = find_duplicates(seed_corpus, threshold=0.3, containment_threshold=0.5)
    on_dask = find_duplicates(seed_corpus, threshold=0.3, containment_threshold=0.5, engine="dask",
                              scheduler=local_engine.address)
    assert len(local.pairs) > 0  # posts 2 and 4 share paragraphs
    _same(local, on_dask)
    assert on_dask.info["engine"] == "dask" and on_dask.info["partitions"] > 1


def test_bbc_on_a_local_cluster_and_on_a_scheduler_at_an_address(bbc, local_engine, tcp_scheduler):
    local = find_duplicates(bbc)
    assert local.counts()["exact"] > 50 and local.counts()["near"] > 10
    _same(local, find_duplicates(bbc, engine="dask", scheduler=local_engine.address))
    _same(local, find_duplicates(bbc, engine="dask", scheduler=tcp_scheduler))


def test_seeds_on_a_scheduler_at_an_address(seed_corpus, tcp_scheduler):
    _same(find_duplicates(seed_corpus), find_duplicates(seed_corpus, engine="dask", scheduler=tcp_scheduler))


def test_prefix_keeps_the_rarest_shared_shingles_per_document():
    ranked = pd.DataFrame({"row": [0, 0, 0, 0, 1, 1], "hash": np.array([5, 6, 7, 8, 6, 7], dtype=np.uint64),
                           "df": [1, 3, 2, 2, 3, 2]})
    prefix = prefix_postings(ranked, 0.5)  # 4 shingles: prefix of 3 = df 1, 2, 2 (the df-1 one cannot pair)
    assert sorted(zip(prefix["row"].tolist(), prefix["hash"].tolist())) == [(0, 7), (0, 8), (1, 6), (1, 7)]
    assert prefix_postings(ranked, 0.9)["row"].tolist() == [1]  # prefixes of 1: doc 0's rarest is its own (df 1)


def test_lsh_is_for_the_local_engine(seed_corpus):
    with pytest.raises(ParameterError, match="method='lsh'"):
        find_duplicates(seed_corpus, method="lsh", engine="dask")


def test_cli_runs_duplicates_on_a_scheduler(tcp_scheduler, tmp_path, capsys):
    assert main(["duplicates", "seeds", "--out", str(tmp_path), "--engine", "dask", "--scheduler", tcp_scheduler]) == 0
    assert f"dask at {tcp_scheduler}" in capsys.readouterr().out
    assert main(["duplicates", "seeds", "--out", str(tmp_path), "--scheduler", tcp_scheduler]) == 2
    assert "only used with engine='dask'" in capsys.readouterr().err
