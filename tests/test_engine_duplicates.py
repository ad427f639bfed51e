"""find_duplicates(engine="dask") reports exactly the local engine's pairs, clusters, scored candidates and
passages, on a LocalCluster and on a scheduler at an address, on the seeds, on planted copies and on BBC; its
prefix, document-set keys and runs per partition match the local ones."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from conftest import shared_path
from dask_clusters import local_engine, tcp_scheduler  # noqa: F401  (fixtures)
from newslab.cli import main
from newslab.corpus import load_corpus
from newslab.errors import ParameterError
from newslab.reuse import find_duplicates
from newslab.reuse.distributed import chunk_stream, kept_postings, partition_runs, prefix_postings, with_hash_stats
from newslab.reuse.passages import held_by_two, shared_keys, shared_runs
from newslab.reuse.shingles import build_shingle_matrix, hash_chunk, prefix_matrix

pytestmark = pytest.mark.slow


def _same(local, on_dask):
    pd.testing.assert_frame_equal(local.pairs, on_dask.pairs)
    pd.testing.assert_frame_equal(local.clusters, on_dask.clusters)
    pd.testing.assert_frame_equal(local.members, on_dask.members)
    pd.testing.assert_frame_equal(local.scored, on_dask.scored)  # same candidates, same exact scores
    pd.testing.assert_frame_equal(local.passages.passages, on_dask.passages.passages)
    pd.testing.assert_frame_equal(local.passages.occurrences, on_dask.passages.occurrences)


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    """60 random texts plus an exact copy (case and punctuation), near copies, an excerpt, an embedded copy,
    a shared passage and a wire passage in 12 documents spread over every partition (one edited copy, one
    cut short, one running on into another shared text): every kind of pair, from more partitions than one."""
    rng = np.random.default_rng(7)
    texts = {f"d{i:02d}": " ".join(f"w{x}" for x in rng.integers(0, 3000, 200)) for i in range(60)}
    near = texts["d01"].split()
    for i in rng.choice(len(near), 10, replace=False):
        near[i] = f"edit{i}"
    texts |= {"exact": texts["d00"].upper() + "!", "near": " ".join(near), "near2": " ".join(near[:190]),
              "excerpt": " ".join(texts["d02"].split()[20:110]),
              "embedded": texts["d03"] + " " + " ".join(f"x{x}" for x in rng.integers(0, 3000, 250)),
              "partial": " ".join(texts["d04"].split()[:80] + [f"y{x}" for x in rng.integers(0, 3000, 150)])}
    wire = [f"z{x}" for x in rng.integers(0, 3000, 60)]
    for n, i in enumerate(range(5, 60, 5)):  # d05, d10, ..., d55: across all partitions
        copy = list(wire) if n != 3 else wire[:30] + ["edited"] + wire[31:]
        copy = copy[:40] if n == 7 else copy + (texts["d59"].split()[:30] if n in (1, 2) else [])
        texts[f"d{i:02d}"] = " ".join(texts[f"d{i:02d}"].split()[:100] + copy + texts[f"d{i:02d}"].split()[100:])
    texts["wire"] = " ".join(f"v{x}" for x in rng.integers(0, 3000, 50)) + " " + " ".join(wire)
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()), "title": list(texts),
                         "date": pd.NaT, "outlet": "", "is_empty": False,
                         "n_words": [len(t.split()) for t in texts.values()], "text_hash": list(texts)})


def test_planted_copies_on_a_local_cluster(planted, local_engine):
    local = find_duplicates(planted)
    assert set(local.counts()[lambda c: c > 0].index) == {"exact", "near", "contained", "partial"}
    assert local.passages.passages["n_documents"].max() >= 12  # the wire passage, in every partition
    on_dask = find_duplicates(planted, engine="dask", scheduler=local_engine.address)
    _same(local, on_dask)
    assert on_dask.info["engine"] == "dask" and on_dask.info["partitions"] > 1
    assert on_dask.info["workers"] == local_engine.n_workers


def test_seeds_and_planted_copies_on_a_scheduler_at_an_address(seed_corpus, planted, tcp_scheduler):
    for corpus, kw in ((seed_corpus, {}), (seed_corpus, {"threshold": 0.3, "containment_threshold": 0.5}),
                       (planted, {"threshold": 0.7})):
        local = find_duplicates(corpus, **kw)
        assert len(local.pairs) > 0  # seed posts 2 and 4 share paragraphs
        _same(local, find_duplicates(corpus, engine="dask", scheduler=tcp_scheduler, **kw))


def test_bbc_on_a_local_cluster(local_engine):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sport/199.txt is cp1252
        bbc = load_corpus(shared_path("corpora", "bbc", "articles"))
    local = find_duplicates(bbc)
    assert local.counts()["exact"] > 50 and local.counts()["near"] > 10
    _same(local, find_duplicates(bbc, engine="dask", scheduler=local_engine.address))


def _stream_with_stats(texts: list[str], n_parts: int) -> pd.DataFrame:
    """The shingle stream with hash stats, computed per hash partition from rows in shuffled order."""
    part = hash_chunk(texts, 5)
    stream = chunk_stream(part, 0, 5, np.ones(len(texts), dtype=bool)).sample(frac=1, random_state=1)
    return pd.concat([with_hash_stats(stream[stream["hash"] % n_parts == r]) for r in range(n_parts)])


def test_prefix_per_partition_is_the_local_prefix(planted):
    texts = planted["text"].tolist()
    sm = build_shingle_matrix(texts, k=5)
    ranked = kept_postings(_stream_with_stats(texts, 3))
    for similarity in (0.5, 0.8):
        prefix = prefix_matrix(sm, similarity).tocoo()
        expected = sorted(zip(prefix.row.tolist(), sm.column_hashes[prefix.col].tolist()))
        got = prefix_postings(ranked.sample(frac=1, random_state=0), similarity)  # row order must not matter
        assert sorted(zip(got["doc"].tolist(), got["hash"].tolist())) == expected


def test_keys_and_runs_per_partition_are_the_local_ones(planted):
    texts = planted["text"].tolist()
    sm = build_shingle_matrix(texts, k=5)
    stats = _stream_with_stats(texts, 3).drop_duplicates("hash")
    assert dict(zip(stats["hash"].tolist(), stats["key"].tolist())) == dict(zip(sm.column_hashes.tolist(),
                                                                               shared_keys(sm).tolist()))
    assert dict(zip(stats["hash"].tolist(), stats["df"].tolist())) == dict(zip(sm.column_hashes.tolist(), sm.df.tolist()))
    keyed = _stream_with_stats(texts, 3).query("key != 0")
    runs = pd.concat([partition_runs(keyed[keyed["doc"] % 4 == r], 25, 12) for r in range(4)])  # by document
    expected = shared_runs(sm, shared_keys(sm), k=5, min_words=25, max_gap=12)
    assert len(expected) > 12
    pd.testing.assert_frame_equal(held_by_two(runs), expected)


def test_lsh_is_for_the_local_engine(seed_corpus):
    with pytest.raises(ParameterError, match="method='lsh'"):
        find_duplicates(seed_corpus, method="lsh", engine="dask")
    with pytest.raises(ParameterError, match="only used with engine='dask'"):
        find_duplicates(seed_corpus, scheduler="tcp://127.0.0.1:1")


def test_cli_runs_duplicates_on_a_scheduler(tcp_scheduler, tmp_path, capsys):
    from conftest import SEEDS

    assert main(["duplicates", str(SEEDS), "--out", str(tmp_path), "--engine", "dask", "--scheduler", tcp_scheduler]) == 0
    assert f"dask at {tcp_scheduler}" in capsys.readouterr().out
    assert (tmp_path / "pairs.csv").exists()
