"""The annotation cache: lookups read only the buckets asked about; concurrent writers lose nothing."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import warnings

import pandas as pd

from newslab.entities import cache as cache_mod
from newslab.entities.cache import AnnotationCache


def rows_for(texts: list[str]) -> pd.DataFrame:
    hashes = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    return pd.DataFrame({
        "text_hash": hashes, "kind": "doc", "idx": -1, "start": 0, "end": [len(t) for t in texts],
        "sent_idx": -1, "label": "", "text": texts,
    })


def test_lookup_reads_only_the_buckets_of_the_keys(tmp_path, monkeypatch):
    cache = AnnotationCache(tmp_path, "m")
    everything = rows_for([f"text {i}" for i in range(240)])
    for start in range(0, 240, 60):
        cache.add(everything.iloc[start:start + 60])
    opened = []
    real = cache_mod.pq.read_table
    monkeypatch.setattr(cache_mod.pq, "read_table", lambda path, **kw: opened.append(path) or real(path, **kw))
    wanted = set(everything["text_hash"][:3])
    found = cache.lookup(wanted)
    assert set(found["text_hash"]) == wanted
    buckets = {h[:2] for h in wanted}
    assert {p.parent.name for p in opened} == buckets
    assert len(opened) <= 4 * len(buckets)  # at most one shard per add() in each bucket asked about
    total_shards = len(list(tmp_path.rglob("shard-*.parquet")))
    assert total_shards > 100 and len(opened) < total_shards / 10


def test_merges_keep_every_row(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "MAX_SHARDS", 2)
    monkeypatch.setattr(cache_mod, "PREFIX_CHARS", 0)  # one bucket, so every add merges
    cache = AnnotationCache(tmp_path, "m")
    texts = [f"doc {i}" for i in range(30)]
    for t in texts:
        cache.add(rows_for([t]))
    found = cache.lookup(set(rows_for(texts)["text_hash"]))
    assert sorted(found["text"]) == sorted(texts)
    assert len(list(tmp_path.rglob("shard-*.parquet"))) <= 3


WRITER = """
import hashlib, sys, warnings
import pandas as pd
from newslab.entities import cache as c
c.MAX_SHARDS, c.PREFIX_CHARS = 3, 0
warnings.simplefilter("error")
name, root = sys.argv[1], sys.argv[2]
cache = c.AnnotationCache(root, "m")
for i in range(20):
    t = f"{name} {i}"
    cache.add(pd.DataFrame({"text_hash": [hashlib.sha1(t.encode()).hexdigest()], "kind": "doc", "idx": -1,
                            "start": 0, "end": len(t), "sent_idx": -1, "label": "", "text": t}))
    cache.lookup({hashlib.sha1(t.encode()).hexdigest()})
"""


def test_two_processes_adding_and_merging_at_once_lose_nothing(tmp_path, monkeypatch):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name, str(tmp_path)], stderr=subprocess.PIPE, text=True)
             for name in ("a", "b")]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors  # no "corrupt" warning (warnings are errors there)
    monkeypatch.setattr(cache_mod, "PREFIX_CHARS", 0)
    texts = [f"{n} {i}" for n in "ab" for i in range(20)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = AnnotationCache(tmp_path, "m").lookup(set(rows_for(texts)["text_hash"]))
    assert sorted(found["text"]) == sorted(texts)


def test_shards_of_the_earlier_flat_layout_are_moved_into_buckets(tmp_path):
    cache = AnnotationCache(tmp_path, "m")
    old = rows_for(["old one", "old two"])
    cache.folder.mkdir(parents=True, exist_ok=True)
    cache._write(old, cache.folder / "shard-0123456789abcdef.parquet")
    assert sorted(cache.lookup(set(old["text_hash"]))["text"]) == ["old one", "old two"]
    assert not list(cache.folder.glob("shard-*.parquet"))
    assert len(list(cache.folder.glob("*/shard-*.parquet"))) == len({h[:2] for h in old["text_hash"]})


def test_lookup_can_leave_out_entities_of_other_labels(tmp_path):
    cache = AnnotationCache(tmp_path, "m")
    docs = rows_for(["Ada met Bob in London on Monday.", "Nothing named here."])
    h = docs["text_hash"][0]
    ents = pd.DataFrame({"text_hash": h, "kind": "ent", "idx": [0, 1, 2], "start": [0, 15, 25], "end": [3, 21, 31],
                         "sent_idx": 0, "label": ["PERSON", "GPE", "DATE"], "text": ["Ada", "London", "Monday"]})
    cache.add(pd.concat([docs, ents], ignore_index=True))
    every = cache.lookup(set(docs["text_hash"]))
    named = cache.lookup(set(docs["text_hash"]), labels={"PERSON", "GPE"})
    assert set(named["text_hash"]) == set(docs["text_hash"])  # both texts still count as cached
    assert sorted(named.loc[named["kind"] == "ent", "text"]) == ["Ada", "London"]
    kept = (every["kind"] != "ent") | every["label"].isin({"PERSON", "GPE"})
    pd.testing.assert_frame_equal(named, every[kept].reset_index(drop=True))
