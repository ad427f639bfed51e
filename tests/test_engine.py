"""newslab.engine: choosing an engine, reaching (or failing to reach) a Dask scheduler, partitioned corpora."""
from __future__ import annotations

import socket
import time

import pandas as pd
import pytest

from dask_clusters import TCP_WORKERS, free_port, local_engine, tcp_scheduler  # noqa: F401  (fixtures)
from newslab.cli import main
from newslab.corpus import load_corpus
from newslab.corpus.dataset import is_dataset, part_files, write_dataset
from newslab.corpus import read_corpus
from newslab.engine import check_engine, connect, machine_workers, partitions_for, session
from newslab.errors import NewslabError, ParameterError


def test_engine_and_scheduler_are_validated():
    assert check_engine("local", None) == "local"
    with pytest.raises(ParameterError, match="engine must be one of"):
        check_engine("spark", None)
    with pytest.raises(ParameterError, match="only used with engine='dask'"):
        check_engine("local", "tcp://127.0.0.1:8786")
    with pytest.raises(ParameterError, match="scheduler must be an address"):
        check_engine("dask", "")


def test_an_unreachable_scheduler_is_a_clear_error_within_ten_seconds():
    with socket.socket() as s:  # a port that is bound but not listening refuses connections
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(NewslabError, match=f"cannot reach the Dask scheduler at {address}"):
            connect(address)
        assert time.monotonic() - started < 10


@pytest.mark.parametrize("reply", [b"HTTP/1.1 400 Bad Request\r\n\r\n" + b"x" * 64, b""], ids=["web", "silent"])
def test_a_server_that_is_not_a_scheduler_is_named_within_the_timeout(reply):
    import threading

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        held = []

        def accept_and_reply():
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                held.append(conn)
                if reply:
                    conn.sendall(reply)

        threading.Thread(target=accept_and_reply, daemon=True).start()
        started = time.monotonic()
        with pytest.raises(NewslabError, match=address):
            connect(address, timeout=3)
        assert time.monotonic() - started < 6
        for conn in held:
            conn.close()


def test_partitions_balance_workers_and_cap_their_size():
    assert partitions_for(0, 2) == 1
    assert partitions_for(8, 2) == 8  # never more partitions than rows
    assert partitions_for(100, 2) == 8
    assert partitions_for(100_000, 2, max_rows=5000) == 20


def test_partitioned_dataset_round_trip(seed_corpus, tmp_path):
    out = write_dataset(seed_corpus, tmp_path / "seeds.parquet", partition_rows=5)
    assert is_dataset(out) and [p.name for p in part_files(out)] == [f"part-0000{i}.parquet" for i in range(3)]
    pd.testing.assert_frame_equal(load_corpus(out), seed_corpus)
    lazy = read_corpus(out, engine="dask")
    assert lazy.npartitions == 3
    back = lazy.compute().reset_index(drop=True)
    assert back["doc_id"].tolist() == seed_corpus["doc_id"].tolist()
    assert back["text"].astype(str).tolist() == seed_corpus["text"].tolist()
    pd.testing.assert_frame_equal(read_corpus(out, engine="local"), seed_corpus)
    write_dataset(seed_corpus.iloc[:4], out, partition_rows=5)  # rewriting replaces the whole folder
    assert len(part_files(out)) == 1 and len(load_corpus(out)) == 4


def test_cli_writes_a_partitioned_corpus(tmp_path, capsys):
    out = tmp_path / "seeds.parquet"
    assert main(["corpus", "seeds", "--out", str(out), "--partition-rows", "4"]) == 0
    assert "3 part files" in capsys.readouterr().out
    pd.testing.assert_frame_equal(load_corpus(out), load_corpus("seeds"))
    assert main(["corpus", "seeds", "--out", str(tmp_path / "x.csv"), "--partition-rows", "4"]) == 2
    assert "must end in .parquet" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_read_corpus_partitions_any_corpus(small_corpus_dir):
    lazy = read_corpus(small_corpus_dir, engine="dask", partition_rows=4)
    assert lazy.npartitions == 3
    assert sorted(lazy["doc_id"].compute()) == sorted(load_corpus(small_corpus_dir)["doc_id"])


def test_local_cluster_is_sized_to_the_machine_and_shows_its_dashboard(local_engine):
    assert local_engine.n_workers == machine_workers()
    assert local_engine.dashboard_link.startswith("http://")
    assert local_engine.dashboard_link in local_engine._repr_html_()


def test_a_session_reuses_the_open_client_and_leaves_it_open(local_engine):
    with session() as engine:
        assert engine.client is local_engine.client
    assert local_engine.client.status == "running"


def test_an_existing_cluster_is_never_shut_down(tcp_scheduler):
    with connect(tcp_scheduler) as engine:
        assert engine.n_workers == TCP_WORKERS and engine.cluster is None
    with connect(tcp_scheduler) as again:  # still there after the first client closed
        assert again.n_workers == TCP_WORKERS
