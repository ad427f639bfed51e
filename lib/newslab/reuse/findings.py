"""Key findings of a text-reuse run as short sentences, numbers and names taken from the results."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import Interval, Param
from ..show.prose import count_noun
from .duplicates import DuplicateResult

PARAMS = {  # what notebook 30 shows beyond the analysis
    "top_pairs": Param(int, 3, Interval(0, 50), "how many document pairs to show side by side"),
}


def _title(corpus: pd.DataFrame, doc_id: str, width: int = 60) -> str:
    titles = corpus.loc[corpus["doc_id"] == doc_id, "title"]
    title = str(titles.iat[0]) if len(titles) and pd.notna(titles.iat[0]) and str(titles.iat[0]).strip() else doc_id
    return f"“{title[: width - 1]}…”" if len(title) > width else f"“{title}”"


def cluster_sizes(result: DuplicateResult, corpus: pd.DataFrame) -> str:
    """The clusters and their sizes as a phrase: "1 cluster of 3 documents: “T” and 2 others", "4 clusters of 2
    documents each", or "5 clusters holding 14 documents; the largest holds 6: “T” and 5 others"."""
    clusters = result.clusters
    if clusters.empty:
        return "no cluster (no document copies another as a whole)"
    top = clusters.sort_values(["size", "cluster_id"], ascending=[False, True]).iloc[0]
    size, title = int(top["size"]), _title(corpus, top["representative"])
    members = result.members
    embeds = int(((members["cluster_id"] == top["cluster_id"]) & (members["relation"] == "embeds")).sum()) \
        if "relation" in members.columns else 0
    copies = size - 1 - embeds
    embedding = f"{count_noun(embeds, 'longer text')} that {'embeds' if embeds == 1 else 'embed'} it"
    others = (f"{title} and {count_noun(size - 1, 'other')}" if not embeds else f"{title} and {embedding}"
              if not copies else f"{title}, {count_noun(copies, 'copy')} of it and {embedding}")
    if len(clusters) == 1:
        return f"1 cluster of {size:,} documents: {others}"
    if clusters["size"].nunique() == 1 and not embeds:
        return f"{len(clusters):,} clusters of {size:,} documents each"
    return (f"{len(clusters):,} clusters holding {int(clusters['size'].sum()):,} documents; the largest holds {size:,}: "
            f"{others}")


def near_kinds(near: pd.DataFrame, containment_threshold: float) -> str:
    """What the near-duplicate pairs are, by how much of each side is inside the other (the larger of its
    shingle containment and its share of shared passage words, which tolerates small edits): both sides at least
    `containment_threshold` (the same text with small edits), one side (the other adds text: an update, a longer
    version), or neither (each has its own: a rewrite, or different stories sharing a template or background)."""
    inside_a = near[["containment_a_in_b", "share_a"]].max(axis=1).to_numpy()
    inside_b = near[["containment_b_in_a", "share_b"]].max(axis=1).to_numpy()
    both = int((np.minimum(inside_a, inside_b) >= containment_threshold).sum())
    one = int((np.maximum(inside_a, inside_b) >= containment_threshold).sum()) - both
    neither = len(near) - both - one
    at = f"{containment_threshold:.0%}"
    parts = [(both, ("is", "are"), f"the same text with small edits (each side at least {at} inside the other)"),
             (one, ("has", "have"), f"one text at least {at} inside the other, which adds text of its own (an update, "
                                    "a longer version)"),
             (neither, ("has", "have"), "much text of its own on each side: a rewrite, or different stories sharing a "
                                        "template or background paragraphs (read them side by side)")]
    parts = [(n, verb, what) for n, verb, what in parts if n]
    if len(near) == 1:
        return f"The near-duplicate pair {parts[0][1][0]} {parts[0][2]}."
    said = [f"{n:,} {verb[n != 1]} {what}" for n, verb, what in parts]
    said = ", and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else said[0]
    return f"Of the {count_noun(len(near), 'near-duplicate pair')}, {said}."


def key_findings(result: DuplicateResult, corpus: pd.DataFrame) -> list[str]:
    """What a reader should know first: whole-document copies, the strongest partial reuse, the most widespread
    passage and boilerplate; one sentence when nothing recurs."""
    p = result.info["params"]  # as find_duplicates ran: never a default copied here
    threshold, min_words = p["threshold"], p["min_passage_words"]
    counts, pairs = result.counts(), result.pairs
    passages = result.passages.passages if result.passages is not None else pd.DataFrame()
    if pairs.empty and passages.empty:
        closest = f" (closest pair: Jaccard {result.scored['jaccard'].max():.2f})" if len(result.scored) else ""
        return [f"No text reuse: no duplicates at Jaccard ≥ {threshold} and no passage of {min_words}+ words "
                f"shared by two documents{closest}."]
    out = []
    whole = int(counts[["exact", "near", "contained"]].sum())
    if whole:
        out.append(f"{counts['exact']:,} exact, {counts['near']:,} near-duplicate (Jaccard ≥ {threshold}) and "
                   f"{counts['contained']:,} contained pairs form {cluster_sizes(result, corpus)}.")
        if counts["near"]:
            out.append(near_kinds(pairs[pairs["kind"] == "near"], p.get("containment_threshold", 0.8)))
    else:
        below = result.scored[result.scored["kind"] != "exact"]["jaccard"]
        closest = f", closest pair {below.max():.2f}" if len(below) else ""
        out.append(f"No whole-document duplicates at Jaccard ≥ {threshold}{closest}.")
    partial = pairs[pairs["kind"] == "partial"]
    if len(partial):
        top = partial.sort_values(["shared_words", "doc_a", "doc_b"], ascending=[False, True, True]).iloc[0]
        shorter = max(top["share_a"], top["share_b"])
        more = f" ({count_noun(len(partial), 'partial-reuse pair')} in all)" if len(partial) > 1 else ""
        out.append(f"{_title(corpus, top['doc_a'])} and {_title(corpus, top['doc_b'])} share "
                   f"{count_noun(int(top['passages']), 'passage')}: {int(top['shared_words']):,} words, "
                   f"{shorter:.0%} of the shorter{more}.")
    elif len(passages):
        out.append("No pair of documents shares enough passage text to count as partial reuse.")
    if len(passages):
        reuse = passages[passages["boilerplate_outlet"].fillna("") == ""]
        holders = result.passages.occurrences["doc_id"].nunique()
        line = f"{count_noun(len(passages), 'recurring passage')} in {holders:,} documents"
        if len(passages) == 1 and len(reuse):
            top = reuse.iloc[0]
            line = (f"1 recurring passage ({top['n_words']:,} words) in {holders:,} documents, first in "
                    f"{_title(corpus, top['first_doc'])}" + (f" on {pd.Timestamp(top['first_date']).date()}"
                                                             if pd.notna(top["first_date"]) else ""))
        elif len(reuse):
            top = reuse.sort_values(["n_documents", "n_words", "passage_id"], ascending=[False, False, True]).iloc[0]
            when = f" on {pd.Timestamp(top['first_date']).date()}" if pd.notna(top["first_date"]) else ""
            spread = f" over {int(top['days_spread'])} days" if pd.notna(top["days_spread"]) and top["n_documents"] > 2 else ""
            line += (f"; the most widespread ({top['n_words']:,} words) is in {top['n_documents']:,} documents{spread}, "
                     f"first in {_title(corpus, top['first_doc'])}{when}")
        over, cap = result.info.get("passages_over_cap", 0), result.info.get("max_pairs_per_passage")
        if over:
            line += (f"; {count_noun(over, 'passage')} held by more than {cap:,} texts {'pairs' if over == 1 else 'pair'} "
                     f"none of {'its' if over == 1 else 'their'} holders (passages.csv lists them)")
        out.append(line + ".")
        boiler = passages[passages["boilerplate_outlet"].fillna("") != ""]
        if len(boiler):
            outlets = ", ".join(sorted(set(boiler["boilerplate_outlet"])))
            out.append(f"{count_noun(len(boiler), 'passage')} marked boilerplate (in most documents of {outlets}) "
                       "and not counted as reuse.")
    return out
