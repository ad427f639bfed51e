"""annotate(engine="dask") finds exactly what the local engine finds, on a LocalCluster and on a scheduler at
an address, loads the model once per worker process and fills the same on-disk cache."""
from __future__ import annotations

import importlib

import pandas as pd
import pytest

from dask_clusters import local_engine, tcp_scheduler  # noqa: F401  (fixtures)
from newslab.entities import annotate
from newslab.errors import NewslabError

annotate_mod = importlib.import_module("newslab.entities.annotate")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_annotations(seed_corpus, tmp_path_factory):
    return annotate(seed_corpus, cache_dir=tmp_path_factory.mktemp("local-cache"), progress=False)


def _same(a, b):
    pd.testing.assert_frame_equal(a.entities, b.entities)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)


def test_dask_on_a_local_cluster_matches_local_and_fills_the_cache(seed_corpus, local_annotations, local_engine,
                                                                  tmp_path, monkeypatch):
    on_dask = annotate(seed_corpus, cache_dir=tmp_path, progress=False, engine="dask", scheduler=local_engine.address)
    _same(on_dask, local_annotations)
    assert on_dask.n_annotated == 8 and on_dask.info["partitions"] == 8
    assert on_dask.info["workers"] == local_engine.n_workers
    # every partition's rows reached the cache: a local run reads them without loading the model
    monkeypatch.setattr(annotate_mod, "load_model", lambda *a, **k: pytest.fail("the model was loaded"))
    again = annotate(seed_corpus, cache_dir=tmp_path, progress=False)
    assert again.n_cached == 8
    _same(again, local_annotations)


def test_each_worker_process_loads_the_model_once(seed_corpus, local_engine, tmp_path):
    annotate(seed_corpus, cache_dir=tmp_path, progress=False, engine="dask", scheduler=local_engine.address)

    def loads():
        from newslab.entities.pipeline import load_model

        info = load_model.cache_info()
        return info.misses, info.hits

    per_worker = local_engine.client.run(loads).values()
    assert all(misses <= 1 for misses, _ in per_worker)  # 8+ partitions, at most one load per process
    assert sum(misses + hits for misses, hits in per_worker) >= 8


def test_dask_on_a_scheduler_at_an_address_matches_local(seed_corpus, local_annotations, tcp_scheduler, tmp_path):
    on_dask = annotate(seed_corpus, cache_dir=tmp_path, progress=False, engine="dask", scheduler=tcp_scheduler)
    _same(on_dask, local_annotations)
    assert on_dask.info["scheduler"] == tcp_scheduler


def test_without_an_address_a_local_cluster_is_started_and_closed(seed_corpus, local_annotations, tmp_path,
                                                                 monkeypatch):
    import distributed

    from newslab.engine import connect

    def no_client():
        raise ValueError("no default client")

    monkeypatch.setattr(distributed, "default_client", no_client)  # ignore the session's clusters
    on_dask = annotate(seed_corpus.iloc[:4], cache_dir=tmp_path, progress=False, engine="dask")
    assert on_dask.info["workers"] >= 1
    _same(on_dask, annotate(seed_corpus.iloc[:4], cache_dir=tmp_path, progress=False))
    with pytest.raises(NewslabError, match="cannot reach"):
        connect(on_dask.info["scheduler"], timeout=3)  # the cluster it started is gone


def test_an_unreachable_scheduler_stops_annotate_before_any_work(seed_corpus, tmp_path):
    with pytest.raises(NewslabError, match="tcp://127.0.0.1:9"):
        annotate(seed_corpus, cache_dir=tmp_path, progress=False, engine="dask", scheduler="tcp://127.0.0.1:9")
