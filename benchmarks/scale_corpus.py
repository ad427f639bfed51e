"""News-length scaling corpora: up to millions of ~650-word articles generated from BBC and Reuters-21578, with
a realistic share of copies and wire passages, cached once as Parquet in /tmp and read as a prefix.

Each label (the five BBC sections, Reuters' earn/acq/crude) gets a word-bigram chain learnt from its stories;
an article is a walk through its label's chain (so 5-word shingles are mostly its own, as in real news, and
topics follow labels), cut into sentences and paragraphs, ~650 words (lognormal, 150–2,500). Then, planted by
seed: 3% of articles are rewrites of an earlier one (8% of words replaced: near-duplicates), 1% are excerpts
of one, and 5% carry one of a pool of 60-word wire passages (each in about 20 articles, other outlets).
Outlets (40) and dates (two years) are drawn per article. `python benchmarks/scale_corpus.py --size N` builds
and prints figures; `scale_corpus(N)` returns the first N articles as load_corpus would give them.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import shared_or_exit  # noqa: E402

MAX_SIZE = 1_000_000
BATCH = 20_000  # articles generated (and written as one Parquet row group) at a time
MEAN_WORDS = 650
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]|[.,;:?!]")
REUTERS_LABELS = ("earn", "acq", "crude")
VERSION = 1  # bump when the generator changes: the cache file name carries it


def cache_path(size: int = MAX_SIZE) -> Path:
    return Path(tempfile.gettempdir()) / f"newslab-scale-news-v{VERSION}-{size}.parquet"


def label_texts() -> dict[str, list[str]]:
    """Stories per label: BBC sections and three Reuters topics."""
    root = shared_or_exit("corpora", "bbc", "articles")
    out = {d.name: [p.read_text(encoding="latin-1") for p in sorted(d.glob("*.txt"))] for d in sorted(root.iterdir())
           if d.is_dir()}
    reuters = pd.read_json(shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz"), lines=True)
    reuters = reuters[reuters["body"].fillna("").str.len() > 200]
    for label in REUTERS_LABELS:
        held = reuters["topics"].apply(lambda t: isinstance(t, list) and t == [label])
        out[label] = reuters.loc[held, "body"].str.replace(r"\s+", " ", regex=True).tolist()
    return out


class Chain:
    """A word-bigram chain: for each word, the words seen after it and cumulative probabilities (flat arrays)."""

    def __init__(self, texts: list[str]):
        tokens = [t for text in texts for t in ["."] + TOKEN.findall(text)]
        self.vocab, ids = np.unique(np.asarray(tokens, dtype=object), return_inverse=True)
        pairs, counts = np.unique(np.stack([ids[:-1], ids[1:]], axis=1), axis=0, return_counts=True)
        self.prev, self.next = pairs[:, 0], pairs[:, 1]
        starts = np.searchsorted(self.prev, np.arange(len(self.vocab) + 1))
        cum = np.cumsum(counts).astype(np.float64)
        row_total = np.add.reduceat(counts, starts[:-1].clip(max=len(counts) - 1)).astype(np.float64)
        base = np.concatenate([[0.0], cum])[starts[:-1]]
        self.key = self.prev + (cum - base[self.prev]) / row_total[self.prev]  # in (prev, prev + 1]
        self.full_stop = int(np.searchsorted(self.vocab, "."))
        self.has_next = np.diff(starts) > 0

    def walk(self, rng: np.random.Generator, n_docs: int, length: int) -> np.ndarray:
        """Token ids (n_docs × length): each row a walk from a sentence start."""
        out = np.empty((n_docs, length), dtype=np.int64)
        cur = np.full(n_docs, self.full_stop)
        for step in range(length):
            cur = np.where(self.has_next[cur], cur, self.full_stop)
            cur = self.next[np.searchsorted(self.key, cur + rng.random(n_docs), side="left")]
            out[:, step] = cur
        return out


def render(vocab: np.ndarray, ids: np.ndarray, n_words: int, rng: np.random.Generator) -> str:
    """Tokens as text: punctuation attached, a capital after a full stop, a paragraph every ~5 sentences."""
    words = vocab[ids[:n_words]].tolist()
    parts, sentences, capital = [], 0, True
    for w in words:
        if w in ".,;:?!":
            if parts:
                parts[-1] += w
            if w in ".?!":
                capital, sentences = True, sentences + 1
                if parts and sentences % 5 == 0 and rng.random() < 0.8:
                    parts[-1] += "\n\n"
            continue
        parts.append(w[:1].upper() + w[1:] if capital else w)
        capital = False
    return " ".join(parts).replace("\n\n ", "\n\n").strip()


def rewrite(text: str, share: float, rng: np.random.Generator, pool: np.ndarray) -> str:
    words = text.split(" ")
    swap = np.flatnonzero(rng.random(len(words)) < share)
    for i in swap:
        words[i] = str(pool[rng.integers(len(pool))])
    return " ".join(words)


def build(size: int, *, seed: int = 0, progress: bool = True) -> Path:
    """Generate `size` articles into the Parquet cache (row groups of BATCH) and return its path."""
    path = cache_path(size)
    if path.exists():
        return path
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    texts = label_texts()
    labels = sorted(texts)
    chains = {label: Chain(texts[label]) for label in labels}
    pool = np.unique(np.concatenate([c.vocab for c in chains.values()]))
    pool = pool[[w.isalpha() and w.islower() for w in pool]]
    wires = [render(chains[labels[i % len(labels)]].vocab, chains[labels[i % len(labels)]].walk(rng, 1, 90)[0], 60, rng)
             for i in range(max(50, size // 400))]
    outlets = np.array([f"outlet-{i:02d}" for i in range(40)])
    outlet_weight = rng.zipf(1.6, len(outlets)).astype(float)
    outlet_weight /= outlet_weight.sum()
    tmp = path.with_suffix(".tmp")
    writer, kept, started = None, [], time.perf_counter()
    for lo in range(0, size, BATCH):
        n = min(BATCH, size - lo)
        label_of = rng.integers(len(labels), size=n)
        lengths = np.clip(rng.lognormal(np.log(MEAN_WORDS * 1.12) - 0.08, 0.4, n), 150, 2500).astype(int)  # tokens
        body = np.empty(n, dtype=object)
        for li, label in enumerate(labels):
            rows = np.flatnonzero(label_of == li)
            if len(rows) == 0:
                continue
            walks = chains[label].walk(rng, len(rows), int(lengths[rows].max() * 1.15))
            for r, ids in zip(rows, walks):
                body[r] = render(chains[label].vocab, ids, lengths[r], rng)
        kind = np.array([""] * n, dtype=object)
        source = np.array([""] * n, dtype=object)
        ids = [f"a{lo + r:07d}" for r in range(n)]
        for r in range(n):
            u = rng.random()
            if kept and u < 0.03:
                src = kept[rng.integers(len(kept))]
                body[r], kind[r], source[r] = rewrite(src[1], 0.08, rng, pool), "rewrite", src[0]
            elif kept and u < 0.04:
                src = kept[rng.integers(len(kept))]
                words = src[1].split(" ")
                cut = max(60, int(len(words) * 0.4))
                body[r], kind[r], source[r] = " ".join(words[:cut]), "excerpt", src[0]
            elif u < 0.09:
                w = int(rng.integers(len(wires)))
                paragraphs = body[r].split("\n\n")
                paragraphs.insert(int(rng.integers(len(paragraphs) + 1)), wires[w])
                body[r], kind[r], source[r] = "\n\n".join(paragraphs), "wire", f"wire-{w}"
            if r % 97 == 0 and not kind[r]:  # a sample of earlier articles to copy from (bounded memory)
                if len(kept) < 5000:
                    kept.append((ids[r], body[r]))
                else:
                    kept[rng.integers(5000)] = (ids[r], body[r])
        days = rng.integers(0, 730, n)
        frame = pd.DataFrame({
            "doc_id": ids, "title": [" ".join(b.split(" ", 8)[:8]).rstrip(".,") for b in body], "text": body,
            "date": pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D"),
            "outlet": outlets[rng.choice(len(outlets), n, p=outlet_weight)],
            "label": np.asarray(labels)[label_of], "planted": kind, "source": source,
        })
        table = pa.Table.from_pandas(frame, preserve_index=False)
        writer = writer or pq.ParquetWriter(tmp, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=BATCH)
        if progress:
            print(f"  {lo + n:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)
    writer.close()
    tmp.rename(path)
    return path


def scale_corpus(size: int, *, columns: list[str] | None = None) -> pd.DataFrame:
    """The first `size` articles of the largest cached corpus that holds them (built when none does)."""
    import pyarrow.parquet as pq

    have = sorted((p for p in Path(tempfile.gettempdir()).glob(f"newslab-scale-news-v{VERSION}-*.parquet")),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    path = next((p for p in have if int(p.stem.rsplit("-", 1)[1]) >= size), None) or build(size)
    groups = range(-(-size // BATCH))
    return pq.ParquetFile(path).read_row_groups(list(groups), columns=columns).to_pandas().iloc[:size].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=MAX_SIZE)
    args = parser.parse_args()
    started = time.perf_counter()
    path = build(args.size)
    print(f"{path} ({path.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - started:.0f} s")
    sample = scale_corpus(min(args.size, 20_000))
    words = sample["text"].str.split().str.len()
    print(f"first {len(sample):,}: mean {words.mean():.0f} words (median {words.median():.0f}, max {words.max()}), "
          f"{sample['text'].str.len().mean():.0f} characters")
    print(sample["planted"].replace("", "none").value_counts().to_string())
    print(sample["label"].value_counts().to_string())
    print("\n" + sample["text"].iloc[0][:800])


if __name__ == "__main__":
    main()
