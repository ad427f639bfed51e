"""Clusters of copies from verified pairs: stars around a representative, with a chaining guard.

The representative is the earliest copy when dates exist; among undated (or same-day) copies it is the
document most contained in the others (the shared core), never merely the longest. A document joins the
representative's cluster when it is an exact or near copy of it, when it embeds it (a round-up quoting the
story), or when it is an excerpt of it, dated later, and related to the cluster's other excerpts (two unrelated
excerpts of one text are exactly what a digest's stories look like). So a digest holding several stories joins
the cluster of one of them but never merges them; what is left is clustered again the same way. Exact copies follow the
document they copy, so a group of 1,000 identical texts is one cluster built from 999 pairs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

MEMBER_COLUMNS = ["cluster_id", "doc_id", "is_representative", "jaccard_to_representative", "relation"]
CLUSTER_COLUMNS = ["cluster_id", "representative", "size", "members", "outlets", "first_date", "last_date"]


def representative_order(corpus: pd.DataFrame, contained_score: dict) -> dict:
    """Rank per doc_id: earliest date first, then most contained in another document, then corpus order."""
    frame = pd.DataFrame({
        "undated": corpus["date"].isna().to_numpy(), "date": corpus["date"].to_numpy(),
        "score": -corpus["doc_id"].map(contained_score).fillna(0.0).to_numpy(), "pos": np.arange(len(corpus)),
    })
    order = frame.sort_values(["undated", "date", "score", "pos"]).index.to_numpy()
    return dict(zip(corpus["doc_id"].to_numpy()[order], range(len(order))))


def _links(pairs: pd.DataFrame) -> dict:
    """{(x, y): (jaccard, containment of x in y, kind)} for both orientations of every non-exact copy pair."""
    out = {}
    for a, b, j, ab, ba, kind in pairs[["doc_a", "doc_b", "jaccard", "containment_a_in_b", "containment_b_in_a",
                                        "kind"]].itertuples(index=False):
        out[(a, b)], out[(b, a)] = (j, ab, kind), (j, ba, kind)
    return out


def _relation(link: tuple, rep_date, doc_date, containment_threshold: float) -> str:
    """How a document relates to a representative ("" when it may not join its cluster)."""
    _, doc_in_rep, kind, rep_in_doc = link
    if kind == "near":
        return "near"
    if rep_in_doc >= containment_threshold:
        return "embeds"
    if doc_in_rep >= containment_threshold and not np.isnat(rep_date) and not np.isnat(doc_date) and rep_date < doc_date:
        return "excerpt"
    return ""


def cluster_pairs(pairs: pd.DataFrame, corpus: pd.DataFrame, *, containment_threshold: float = 0.8
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clusters (one row each) and members (one row per document) from exact, near and contained pairs."""
    if pairs.empty:
        return pd.DataFrame(columns=CLUSTER_COLUMNS), pd.DataFrame(columns=MEMBER_COLUMNS)
    exact = pairs[pairs["kind"] == "exact"]
    copies: dict = {}
    for rep, member in zip(exact["doc_a"], exact["doc_b"]):  # exact pairs run from the group's first copy
        copies.setdefault(rep, []).append(member)
    links = _links(pairs[pairs["kind"].isin(["near", "contained"])])
    score: dict = {}
    for (x, y), (_, x_in_y, kind) in links.items():
        if kind == "contained":
            score[x] = max(score.get(x, 0.0), x_in_y)
    rank = representative_order(corpus, score)
    neighbours: dict = {}
    for x, y in links:
        neighbours.setdefault(x, set()).add(y)
    left = sorted(set(neighbours) | set(copies), key=rank.get)
    involved = corpus[corpus["doc_id"].isin(set(left) | {c for cs in copies.values() for c in cs})]
    date_of = dict(zip(involved["doc_id"], involved["date"].to_numpy().astype("datetime64[ns]")))
    outlet_of = dict(zip(involved["doc_id"], involved["outlet"].fillna("")))
    taken: set = set()
    clusters, members = [], []
    for rep in left:
        if rep in taken:
            continue
        group = [(rep, "representative", 1.0)]
        for d in sorted(neighbours.get(rep, ()), key=rank.get):
            if d in taken:
                continue
            j, d_in_rep, kind = links[(d, rep)]
            relation = _relation((j, d_in_rep, kind, links[(rep, d)][1]), date_of[rep], date_of[d], containment_threshold)
            if relation == "excerpt" and any(r == "excerpt" and (d, e) not in links for e, r, _ in group):
                continue  # two unrelated parts of one text: a digest's stories look exactly like this
            if relation:
                group.append((d, relation, j))
        for d, r, j in list(group):  # exact copies follow the document they copy (once, even if also linked)
            in_group = {g for g, _, _ in group}
            group += [(c, "exact" if d == rep else r, j) for c in copies.get(d, ()) if c not in taken and c not in in_group]
        if len(group) < 2:
            continue
        taken |= {d for d, _, _ in group}
        cid = len(clusters)
        ids = [d for d, _, _ in group]
        dates = [date_of[d] for d in ids if not np.isnat(date_of[d])]
        clusters.append({
            "cluster_id": cid, "representative": rep, "size": len(ids), "members": " | ".join(ids),
            "outlets": ", ".join(sorted({outlet_of[d] for d in ids if outlet_of[d]})),
            "first_date": pd.Timestamp(min(dates)) if dates else pd.NaT,
            "last_date": pd.Timestamp(max(dates)) if dates else pd.NaT,
        })
        members += [{"cluster_id": cid, "doc_id": d, "is_representative": d == rep, "jaccard_to_representative": j,
                     "relation": r} for d, r, j in group]
    return pd.DataFrame(clusters, columns=CLUSTER_COLUMNS), pd.DataFrame(members, columns=MEMBER_COLUMNS)
