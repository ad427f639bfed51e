"""Topics are themes, not outlets: the terms bound to one outlet (its name, section names, house style) are
dropped from the topic features, and each topic says which outlet (and label) most of its documents come from.

The rule for an outlet-bound term, over the fitted documents of a corpus with at least two outlets:
- concentrated: at least OUTLET_CONCENTRATION (80%) of the documents holding the term are one outlet's;
- not the corpus itself: that outlet is at most OUTLET_MAX_SHARE (50%) of the documents (an outlet that is most
  of the corpus cannot be told from it);
- not chance: so many of the term's documents in that outlet would happen by chance with probability below
  OUTLET_SIGNIFICANCE (binomial tail, the outlet's share of documents as the chance of each), so a rare word
  that happens to sit in one outlet's few stories about it stays.
A theme covered by several outlets is spread roughly like the outlets themselves and is kept.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import binom
from sklearn.preprocessing import normalize

OUTLET_CONCENTRATION = 0.8
OUTLET_MAX_SHARE = 0.5
OUTLET_SIGNIFICANCE = 1e-6
WARN_TOPIC_SHARE = 0.7  # a topic this much one outlet's ...
WARN_OUTLET_SHARE = 0.5  # ... while that outlet is less than this much of the corpus is flagged,
WARN_SIGNIFICANCE = 1e-3  # ... unless chance would give that often (a topic of one or two documents is always one outlet)
DROPPED_COLUMNS = ["term", "outlet", "documents", "outlet_documents", "concentration", "outlet_share"]


def outlet_values(docs: pd.DataFrame, column: str | None) -> np.ndarray | None:
    """Each document's outlet as text ('' when unknown), or None when `column` is absent or holds fewer than 2 outlets."""
    if not column or column not in docs.columns:
        return None
    values = docs[column].fillna("").astype(str).str.strip().to_numpy()
    return values if len(set(values) - {""}) >= 2 else None


def outlet_bound_terms(binary: sp.csr_matrix, outlets: np.ndarray, terms: np.ndarray) -> pd.DataFrame:
    """The terms bound to one outlet by the module's rule, one row each (term, outlet, documents holding it, those
    in the outlet, concentration, the outlet's share of documents), most concentrated first, ties by term."""
    names = np.array(sorted(set(outlets) - {""}))
    if len(names) < 2:
        return pd.DataFrame(columns=DROPPED_COLUMNS)
    member = np.searchsorted(names, outlets)
    known = outlets != ""
    onehot = sp.csr_matrix((np.ones(known.sum()), (member[known], np.flatnonzero(known))), shape=(len(names), len(outlets)))
    per_outlet = np.asarray((onehot @ binary).todense())  # outlets × terms: documents holding the term
    total = np.asarray(binary.sum(axis=0)).ravel()
    best = per_outlet.argmax(axis=0)  # ties: the outlet first by name
    top = per_outlet[best, np.arange(len(terms))]
    share = np.bincount(member[known], minlength=len(names))[best] / len(outlets)
    concentration = np.divide(top, total, out=np.zeros(len(terms)), where=total > 0)
    chance = binom.sf(top - 1, total, share)  # P(at least `top` of the term's documents in the outlet by chance)
    bound = (concentration >= OUTLET_CONCENTRATION) & (share <= OUTLET_MAX_SHARE) & (chance < OUTLET_SIGNIFICANCE)
    table = pd.DataFrame({"term": terms[bound], "outlet": names[best[bound]], "documents": total[bound].astype(int),
                          "outlet_documents": top[bound].astype(int), "concentration": concentration[bound].round(4),
                          "outlet_share": share[bound].round(4)})
    return table.sort_values(["concentration", "documents", "term"], ascending=[False, False, True],
                             kind="stable", ignore_index=True)


def without_terms(X: sp.csr_matrix, counts: sp.csr_matrix, terms: np.ndarray, drop: set[str]):
    """TF-IDF rows renormalised to unit length, counts and terms without the `drop` terms, and their vocabulary."""
    keep = np.flatnonzero(~np.isin(terms, sorted(drop)))
    X = normalize(X[:, keep]).astype(np.float32).tocsr()
    counts = counts[:, keep].tocsr()
    for m in (X, counts):
        m.sum_duplicates()
        m.sort_indices()
    kept = terms[keep]
    return X, counts, kept, {str(t): i for i, t in enumerate(kept)}


def top_group(doc_topics: pd.DataFrame, values: pd.Series, k: int, name: str) -> pd.DataFrame:
    """Per topic, the most common value of a document column (`values`, indexed by doc_id) among its documents
    (copies included) and its share of them, as columns top_<name> and top_<name>_share; ties by value."""
    assigned = doc_topics[doc_topics["topic"] >= 0]
    frame = pd.DataFrame({"topic": assigned["topic"].to_numpy(),
                          "value": values.reindex(assigned["doc_id"]).fillna("").astype(str).to_numpy()})
    counts = frame.groupby(["topic", "value"]).size().reset_index(name="n")
    counts = counts.sort_values(["topic", "n", "value"], ascending=[True, False, True], kind="stable")
    first = counts.groupby("topic").head(1).set_index("topic").reindex(range(k))
    sizes = frame.groupby("topic").size().reindex(range(k), fill_value=0)
    share = np.divide(first["n"].fillna(0).to_numpy(), sizes.to_numpy(), out=np.zeros(k), where=sizes.to_numpy() > 0)
    return pd.DataFrame({f"top_{name}": first["value"].fillna("").to_numpy(), f"top_{name}_share": share.round(4)})


def outlet_shares(doc_topics: pd.DataFrame, values: pd.Series) -> dict[str, float]:
    """Each outlet's share of the documents that have a topic (copies included)."""
    assigned = doc_topics.loc[doc_topics["topic"] >= 0, "doc_id"]
    outlets = values.reindex(assigned).fillna("").astype(str)
    return (outlets.value_counts() / max(len(outlets), 1)).to_dict()


def outlet_warnings(topics: pd.DataFrame, shares: dict[str, float]) -> list[str]:
    """A sentence for each topic that is mostly one outlet although that outlet is not most of the corpus, and more
    so than chance would make it (binomial tail below WARN_SIGNIFICANCE)."""
    if "top_outlet" not in topics.columns:
        return []
    found = []
    for t in topics.itertuples():
        corpus_share = shares.get(t.top_outlet, 0.0)
        n = int(t.size + t.copies)
        chance = binom.sf(round(t.top_outlet_share * n) - 1, n, corpus_share)
        if (t.top_outlet and t.top_outlet_share >= WARN_TOPIC_SHARE and corpus_share < WARN_OUTLET_SHARE
                and chance < WARN_SIGNIFICANCE):
            found.append(f"Warning: topic {t.topic} (“{t.label}”) is {t.top_outlet_share:.0%} {t.top_outlet}, an outlet "
                         f"with {corpus_share:.0%} of the corpus: it may be that outlet's style rather than a theme.")
    return found
