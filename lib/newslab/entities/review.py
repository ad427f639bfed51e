"""The merge review: what normalisation merged, largest first, with the rule behind it and an example
sentence, so a researcher can check the merges that matter in a minute (and correct them in aliases.csv)."""
from __future__ import annotations

import pandas as pd

from ..checks import check_int
from .mentions import surfaces_of

REVIEW_COLUMNS = ["canonical", "label", "merged_names", "mentions", "merged_mentions", "documents", "rule",
                  "example", "example_doc_id"]
EXAMPLE_CHARS = 300


def _with_counts(values: pd.Series) -> str:
    """'Trump (105); Donald Trump (80)': most frequent first, ties alphabetically."""
    counts = values.value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{v} ({n})" for v, n in order)


def merge_review(entities: pd.DataFrame, sentences: pd.DataFrame | None = None, texts: pd.Series | None = None,
                 *, top: int | None = None) -> pd.DataFrame:
    """One row per canonical entity that merged mentions reading otherwise: the surface forms with counts, its
    mentions and documents, the rules that merged them and one example sentence of a merged mention.

    Largest merges first (mentions merged in, then all mentions, then the name). `sentences` (doc_id, sent_idx,
    start_char, end_char) and `texts` (by doc_id) give the example; without them it is left empty.
    """

    if top is not None:
        check_int("top", top, minimum=1)
    ents = entities.assign(surface=surfaces_of(entities)).reset_index(drop=True)
    ents["rule"] = ents["rule"].fillna("") if "rule" in ents.columns else ""
    merged = ents[(ents["surface"] != ents["canonical"]) & ~ents["rule"].isin(["", "clean"])]
    if merged.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if "mentions" in c or c == "documents" else object)
                             for c in REVIEW_COLUMNS})
    of_merged = ents[ents["canonical"].isin(set(merged["canonical"]))]
    by_entity = of_merged.groupby("canonical", sort=True)
    table = pd.DataFrame({
        "label": by_entity["label"].first(),
        "merged_names": by_entity["surface"].agg(_with_counts),
        "mentions": by_entity.size(),
        "merged_mentions": merged.groupby("canonical").size(),
        "documents": by_entity["doc_id"].nunique(),
        "rule": merged.groupby("canonical")["rule"].agg(_with_counts),
    }).rename_axis("canonical").reset_index()
    # the example: the first mention (by document, offset) of the most frequent merged-in form
    first_form = merged.groupby("canonical")["surface"].agg(lambda s: sorted(s.value_counts().items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
    candidates = merged[merged["surface"].to_numpy() == merged["canonical"].map(first_form).to_numpy()]
    example = (candidates.sort_values(["canonical", "doc_id", "start_char"], kind="mergesort")
               .drop_duplicates("canonical").set_index("canonical"))
    table = table.sort_values(["merged_mentions", "mentions", "canonical"], ascending=[False, False, True],
                              kind="mergesort").reset_index(drop=True)
    if top is not None:
        table = table.head(top)
    spans = ({} if sentences is None else
             {(d, k): (s, e) for d, k, s, e in sentences[["doc_id", "sent_idx", "start_char", "end_char"]].itertuples(index=False)})
    table["example_doc_id"] = table["canonical"].map(example["doc_id"])
    table["example"] = [_sentence(example.loc[c], spans, texts) for c in table["canonical"]]
    return table[REVIEW_COLUMNS]


def _sentence(mention: pd.Series, spans: dict, texts: pd.Series | None) -> str:
    """The text of the sentence holding a mention, on one line, shortened around the mention if long."""
    if texts is None or mention["doc_id"] not in texts.index:
        return ""
    text = texts[mention["doc_id"]]
    at, to = int(mention["start_char"]), int(mention["end_char"])
    start, end = spans.get((mention["doc_id"], mention["sent_idx"]), (at, to))
    if end - start <= EXAMPLE_CHARS:
        return " ".join(text[start:end].split())
    start = max(start, min((at + to) // 2 - EXAMPLE_CHARS // 2, end - EXAMPLE_CHARS))  # a window around the mention
    return "…" + " ".join(text[start:start + EXAMPLE_CHARS].split()) + "…"
