"""Writes the real-world-looking multi-outlet corpus (all of BBC over made-up outlets, with each outlet's
boilerplate, wire passages and copies; tests/corpora/realworld.py) as JSONL, optionally an OUTLET/NNN.txt tree,
plus its truth tables as CSV, and prints what was planted: docs per outlet, spans and words per kind, the share
of boilerplate words, and the time taken. `--coordinated` writes the coordinated-publishing corpus as well."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpora"))
from _common import ROOT, machine, shared_or_exit  # noqa: E402
from realworld import bbc_stories, make_coordinated_corpus, make_outlet_corpus  # noqa: E402


def summary(planted) -> None:
    """Docs per outlet, spans and words per kind, and the share of words that are boilerplate."""
    docs, spans = planted.docs, planted.spans
    words = docs["text"].str.split().str.len().sum()
    clean = docs["clean_text"].str.split().str.len().sum()
    print(f"{len(docs):,} documents, {words:,} words as published, {clean:,} without boilerplate "
          f"(mean {clean / len(docs):.0f} words per story)")
    print("\ndocuments per outlet:")
    print(docs["outlet"].value_counts().sort_index().to_string())
    per_kind = spans.assign(words=spans["text"].str.split().str.len()).groupby("kind")["words"]
    table = per_kind.agg(spans="size", words="sum", min_words="min", mean_words="mean", max_words="max")
    table["docs"] = spans.groupby("kind")["doc_id"].nunique()
    table["share_of_words"] = (table["words"] / words).map("{:.2%}".format)
    print("\nplanted spans per kind:")
    print(table.round(1).to_string())
    boiler = table.drop(["wire_passage", "copy"], errors="ignore")["words"].sum()
    print(f"\nboilerplate: {boiler:,} of {words:,} words ({boiler / words:.1%}); "
          f"wire passages: {planted.wires['passage_id'].nunique()} in "
          f"{(planted.wires['doc_id'] != planted.wires['source_doc_id']).sum()} documents; copies: {len(planted.copies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "realworld", help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--outlets", type=int, default=6)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--wire-passages", type=int, default=20)
    parser.add_argument("--per-label", type=int, default=None, help="sample this many BBC stories per label")
    parser.add_argument("--unique", action="store_true", help="drop BBC stories whose body repeats another's")
    parser.add_argument("--folder", action="store_true", help="also write an OUTLET/NNN.txt tree")
    parser.add_argument("--coordinated", action="store_true", help="also write the coordinated-publishing corpus")
    args = parser.parse_args()

    root = shared_or_exit("corpora", "bbc", "articles")
    began = time.perf_counter()
    stories = bbc_stories(root, per_label=args.per_label, seed=args.seed, drop_duplicates=args.unique)
    read = time.perf_counter() - began
    repeats = int(stories["text"].duplicated().sum())
    if repeats:
        print(f"note: {repeats} BBC stories repeat another's body (unplanted copies; --unique drops them)")
    for boilerplate, name in ((True, "realworld"), (False, "realworld-clean")):
        began = time.perf_counter()
        planted = make_outlet_corpus(stories, n_outlets=args.outlets, seed=args.seed, copies=args.copies,
                                     wire_passages=args.wire_passages, boilerplate=boilerplate)
        made = time.perf_counter() - began
        out = args.out / name
        planted.write_jsonl(out / "corpus.jsonl")
        planted.truth(out / "truth")
        if args.folder:
            planted.write_folder(out / "articles")
        written = time.perf_counter() - began - made
        print(f"== {name}: {len(stories):,} BBC stories read in {read:.2f} s, generated in {made:.2f} s, "
              f"written in {written:.2f} s to {out} ({machine()})")
        if boilerplate:
            summary(planted)
    if args.coordinated:
        began = time.perf_counter()
        planted = make_coordinated_corpus(stories, seed=args.seed)
        out = args.out / "coordinated"
        planted.write_jsonl(out / "corpus.jsonl")
        planted.truth(out / "truth")
        if args.folder:
            planted.write_folder(out / "articles")
        print(f"\n== coordinated: {len(planted.docs):,} documents in {time.perf_counter() - began:.2f} s to {out}")
        print(planted.groups["group"].value_counts().to_string())
        print(planted.lags.groupby("group")["lag_hours"].describe().round(1).to_string())


if __name__ == "__main__":
    main()
