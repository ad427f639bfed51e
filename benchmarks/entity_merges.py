"""Entity-name merges against gold sets read by a person (tests/fixtures/entity_gold/), on BBC News and on the
multi-outlet test corpus built from it.

bbc_top150.csv covers the 150 most-mentioned canonical entities of BBC (../shared/corpora/bbc) and
every surface form seen merged into them or sharing their surname, initials or spelling up to case: which real
entity each form names (surface, label, gold_id; doc_id for forms read story by story, such as a bare 'Brown';
'?' where it cannot be told). newslab.entities.evaluate computes, over pairs of units (surface, label, gold_id)
with different surfaces, each unit named by the canonical most of its mentions get:

    precision = merged pairs that are one gold entity / merged pairs (same canonical)
    recall    = merged pairs that are one gold entity / pairs that are one gold entity

plus mentions a rule put into another gold entity's node (misplaced), and surface forms left naming several gold
entities (a bare surname no rule could resolve). realworld_top150.csv is the same judgements moved to the
multi-outlet corpus (tests/corpora/realworld.py, make_outlet_corpus(bbc_stories(), seed=0): the BBC stories with
six outlets' bylines, datelines, agency credits and footers), plus the forms its boilerplate adds among its 150
most-mentioned entities (AP, AFP, outlets, reporters, datelines in capitals). Annotation is cached ($NEWSLAB_CACHE_DIR or ~/.cache/newslab):
the first run takes a few minutes, later ones seconds. To compare with older code, run this script with that
code's lib/ first on PYTHONPATH (it needs normalize_entities; evaluate comes from this checkout).

    python benchmarks/entity_merges.py [--corpus bbc|realworld|both] [--show 20]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpora"))
from _common import ROOT, machine, shared_or_exit  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "entity_gold"


def _evaluate_module():
    """newslab.entities.evaluate of this checkout, also when an older newslab (without it) is first on the path."""
    try:
        from newslab.entities import evaluate
        return evaluate
    except ImportError:
        path = ROOT / "lib" / "newslab" / "entities" / "evaluate.py"
        spec = importlib.util.spec_from_file_location("newslab.entities.evaluate", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def load(name: str):
    """The corpus table of BBC or of the multi-outlet corpus made from it."""
    from newslab.corpus import load_corpus

    articles = shared_or_exit("corpora", "bbc", "articles")
    if name == "bbc":
        return load_corpus(articles)
    import tempfile

    from realworld import bbc_stories, make_outlet_corpus

    docs = make_outlet_corpus(bbc_stories(articles), seed=0).docs
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "realworld.jsonl"
        docs[["doc_id", "outlet", "date", "title", "text"]].rename(columns={"doc_id": "id"}).to_json(
            table, orient="records", lines=True)
        return load_corpus(table)


def report(name: str, show: int) -> None:
    from newslab.entities import annotate

    evaluate = _evaluate_module()
    corpus = load(name)
    started = time.perf_counter()
    result = annotate(corpus, progress=False)
    seconds = time.perf_counter() - started
    path = GOLD / f"{name}_top150.csv"
    gold = evaluate.read_gold(path)
    q = evaluate.merge_quality(result.entities, gold)
    print(f"Entity merges on {name} ({len(corpus):,} documents, {len(result.entities):,} mentions; annotate + names "
          f"{seconds:.1f} s, {result.n_cached:,} texts from the cache; {machine()})")
    print(f"gold set {path.name}: {len(gold):,} rows, {q['gold_entities']} gold entities, {q['units']} units, "
          f"{q['mentions']:,} judged mentions")
    print(f"merge precision {q['precision']:.3f} ({q['correct_pairs']}/{q['merged_pairs']} merged pairs)   "
          f"recall {q['recall']:.3f} ({q['correct_pairs']}/{q['should_merge_pairs']} pairs of one entity)")
    print(f"misplaced mentions (a rule put them in another entity's node): {q['misplaced_mentions']}; "
          f"forms left ambiguous (one canonical, several gold entities): {q['ambiguous_forms']}; "
          f"rejected as debris: {q['rejected_mentions']}")
    false, missed = evaluate.wrong_pairs(result.entities, gold)
    for title, rows in (("wrong merges", false), ("missed merges", missed)):
        print(f"{title} ({len(rows)}):")
        for row in rows[:show]:
            print("  ", " | ".join(map(str, row)))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("bbc", "realworld", "both"), default="both")
    parser.add_argument("--show", type=int, default=15, help="wrong and missed pairs to list")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    for name in ("bbc", "realworld") if args.corpus == "both" else (args.corpus,):
        report(name, args.show)


if __name__ == "__main__":
    main()
