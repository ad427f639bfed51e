"""Topics are themes, not outlets: the outlet guard, the outlet and label columns and their warning, typical
representative documents, one coherence figure, auto's range, determinism (issue 23)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score as nmi

from newslab.topics import fit_topics, key_findings
from newslab.topics.selection import K_MAX, default_k_range

THEMES = {
    "sport": "match goal striker keeper league coach season injury referee stadium penalty final fans cup squad",
    "money": "bank shares profit investors market prices inflation interest bonds growth earnings dividend loan",
    "tech": "software phone users internet chip broadband computer digital network online devices laptop data",
}
COMMON = "city officials week report plans public group team local news region"


def themed_corpus(outlet_of, *, seed=0, house=None, n_words=40) -> pd.DataFrame:
    """Documents of made-up themes: (theme, outlet) per document from `outlet_of`; `house` maps an outlet to words
    it adds to every one of its documents (its name, its section names)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, (theme, outlet) in enumerate(outlet_of):
        words = list(rng.choice(THEMES[theme].split(), n_words)) + list(rng.choice(COMMON.split(), 8))
        words += (house or {}).get(outlet, "").split()
        rng.shuffle(words)
        rows.append({"doc_id": f"d{i:03d}", "title": "", "text": " ".join(words) + ".", "label": theme,
                     "outlet": outlet, "date": pd.NaT, "is_empty": False})
    return pd.DataFrame(rows)


def spread(n_per_theme=40, outlets=("Alpha", "Beta", "Gamma", "Delta"), seed=1):
    """Each theme's documents spread at random over the outlets."""
    rng = np.random.default_rng(seed)
    return [(t, outlets[rng.integers(len(outlets))]) for t in THEMES for _ in range(n_per_theme)]


HOUSE = {o: " ".join([words] * 3) for o, words in {"Alpha": "alphapost dockside", "Beta": "betatimes quayline",
                                                     "Gamma": "gammawire tideway", "Delta": "deltanews keystone"}.items()}


def test_guard_drops_outlet_terms_keeps_spread_theme_terms_and_topics_follow_themes():
    corpus = themed_corpus(spread(), house=HOUSE, n_words=8)  # short texts: the house words weigh as much as the theme
    result = fit_topics(corpus, n_topics=3, seed=42)
    dropped = set(result.dropped_terms["term"])
    assert dropped == {"alphapost", "dockside", "betatimes", "quayline", "gammawire", "tideway", "deltanews", "keystone"}
    assert not dropped & set(" ".join(THEMES.values()).split()) and not dropped & set(COMMON.split())
    row = result.dropped_terms.set_index("term").loc["alphapost"]
    assert row["outlet"] == "Alpha" and row["concentration"] == 1.0
    topics = result.doc_topics.set_index("doc_id")["topic"]
    assert nmi(corpus["label"], topics[corpus["doc_id"]]) > 0.9
    assert nmi(corpus["outlet"], topics[corpus["doc_id"]]) < 0.05
    assert result.metrics["outlet_terms_dropped"] == len(dropped)
    off = fit_topics(corpus, n_topics=3, seed=42, outlet_column=None)  # as before the guard: topics follow the outlets
    assert off.dropped_terms.empty and "top_outlet" not in off.topics.columns
    assert nmi(corpus["outlet"], off.doc_topics.set_index("doc_id")["topic"][corpus["doc_id"]]) > 0.5


def test_a_rare_word_in_one_outlet_by_chance_is_kept():
    corpus = themed_corpus(spread())
    corpus.loc[corpus["outlet"].eq("Alpha").cumsum().between(1, 3) & corpus["outlet"].eq("Alpha"), "text"] += " zeppelin"
    assert "zeppelin" not in set(fit_topics(corpus, n_topics=3, seed=42).dropped_terms["term"])


def skewed():
    """Sport mostly (75%) from Alpha, which is a quarter of the corpus: below the guard's 80%, above the warning's 70%."""
    rng = np.random.default_rng(2)
    rows = [("sport", "Alpha")] * 30 + [("sport", o) for o in ("Beta", "Gamma")] * 5
    rows += [(t, ("Beta", "Gamma", "Delta")[rng.integers(3)]) for t in ("money", "tech") for _ in range(40)]
    return rows


def test_topics_name_their_top_outlet_and_label_and_findings_warn_when_one_outlet_dominates():
    corpus = themed_corpus(skewed())
    result = fit_topics(corpus, n_topics=3, seed=42)
    table = result.topics
    merged = result.doc_topics.merge(corpus[["doc_id", "outlet", "label"]], on="doc_id")
    for column in ("outlet", "label"):
        counts = pd.crosstab(merged["topic"], merged[column])
        assert table[f"top_{column}"].tolist() == counts.idxmax(axis=1).tolist()
        assert np.allclose(table[f"top_{column}_share"], (counts.max(axis=1) / counts.sum(axis=1)).round(4))
    sport = table[table["top_label"] == "sport"].iloc[0]
    assert sport["top_outlet"] == "Alpha" and sport["top_outlet_share"] == 0.75
    warnings = [f for f in key_findings(result) if f.startswith("Warning")]
    assert len(warnings) == 1 and f"topic {sport['topic']} " in warnings[0] and "Alpha" in warnings[0]
    assert "75%" in warnings[0] and "25% of the corpus" in warnings[0]
    even = fit_topics(themed_corpus(spread()), n_topics=3, seed=42)
    assert not [f for f in key_findings(even) if f.startswith("Warning")]


def test_representative_documents_are_the_most_typical_never_an_outlier():
    corpus = themed_corpus(spread())
    outlier = {"doc_id": "x999", "title": "", "text": "goal " * 3 + "unseenword anotherunseen", "label": "sport",
               "outlet": "Alpha", "date": pd.NaT, "is_empty": False}
    corpus = pd.concat([corpus, pd.DataFrame([outlier])], ignore_index=True)
    result = fit_topics(corpus, n_topics=3, seed=42, n_representative=5)
    reps = result.representative_docs
    assert "x999" not in set(reps["doc_id"])  # it is in sport's topic, with the highest weight share of all
    topic_of = result.doc_topics.set_index("doc_id").loc["x999", "topic"]
    assert result.doc_topics.set_index("doc_id").loc["x999", "weight"] >= reps.loc[reps["topic"] == topic_of, "weight"].max()
    for _, group in reps.groupby("topic"):
        assert group["typicality"].is_monotonic_decreasing and group["typicality"].iloc[-1] > 0


def test_coherence_is_one_figure_in_the_table_the_metrics_and_the_notebook_chart():
    result = fit_topics(themed_corpus(spread()), n_topics="auto", seed=42)
    assert result.metrics["coherence_npmi"] == round(result.topics["coherence"].mean(), 4)
    assert "coherence" not in result.selection.columns  # the selection curve shows no other coherence
    notebook = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "10-topic-clustering.ipynb").read_text())
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert 'result.topics.set_index("label")["coherence"]' in code


def test_auto_range_grows_with_the_corpus_up_to_k_max():
    assert default_k_range(200) == (3, 10) and default_k_range(2_127) == (3, 21)
    assert default_k_range(7_272) == (3, K_MAX) == default_k_range(10**6)
    his = [default_k_range(n)[1] for n in range(100, 10_000, 100)]
    assert his == sorted(his)
    result = fit_topics(themed_corpus(spread(n_per_theme=12)), n_topics="auto", seed=42)
    assert result.info["k_tried"] == (3, 10) and result.selection["n_topics"].tolist() == list(range(3, 11))
    assert result.metrics["n_topics"] == 3  # three planted themes, the finest that is as stable as the best


def test_same_seed_gives_identical_outlet_tables():
    corpus = themed_corpus(spread(), house=HOUSE, n_words=8)
    a, b = (fit_topics(corpus, n_topics=3, seed=7) for _ in range(2))
    for name in ("topics", "doc_topics", "representative_docs", "dropped_terms"):
        assert getattr(a, name).to_csv() == getattr(b, name).to_csv(), name
    assert a.outlet_shares == b.outlet_shares


@pytest.mark.slow
def test_planted_outlets_with_house_words_do_not_become_topics():
    from conftest import shared_path
    from realworld import bbc_stories, make_outlet_corpus

    stories = bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=60, seed=0, drop_duplicates=True)
    docs = make_outlet_corpus(stories, seed=0, house_vocabulary=True).docs.assign(date=pd.NaT, is_empty=False)
    result = fit_topics(docs, n_topics=5, seed=42)
    topics = result.doc_topics.set_index("doc_id")["topic"][docs["doc_id"]]
    assert nmi(docs["outlet"], topics) <= 0.05 and nmi(docs["label"], topics) > 0.5
    assert {"herald", "northgate", "dockside"} <= set(result.dropped_terms["term"])
    unguarded = fit_topics(docs, n_topics=5, seed=42, outlet_column=None).doc_topics.set_index("doc_id")["topic"]
    assert nmi(docs["outlet"], unguarded[docs["doc_id"]]) > 0.5  # without the guard the topics are the outlets


def test_topic_by_outlet_table_rows_sum_to_one_and_end_with_the_whole_corpus():
    from newslab.topics.trends import topic_sources

    corpus = themed_corpus(skewed())
    result = fit_topics(corpus, n_topics=3, seed=42)
    table = topic_sources(result, corpus, "outlet")
    assert np.allclose(table.sum(axis=1), 1.0) and set(table.columns) == {"Alpha", "Beta", "Gamma", "Delta"}
    assert table.iloc[-1].is_monotonic_decreasing  # outlets from the largest down
    assert table.index[-1] == "whole corpus (120 documents)" and table.iloc[-1]["Alpha"] == 0.25
    sport = table.index[table["Alpha"].iloc[:-1].argmax()]
    assert table.loc[sport, "Alpha"] == 0.75 and sport.endswith("(40 documents)")


def test_no_warning_for_a_topic_too_small_to_tell():
    from newslab.topics.outlets import outlet_warnings

    topics = pd.DataFrame({"topic": [0, 1], "label": ["a", "b"], "size": [1, 40], "copies": [0, 0],
                           "top_outlet": ["Alpha", "Alpha"], "top_outlet_share": [1.0, 0.75]})
    warned = outlet_warnings(topics, {"Alpha": 0.125, "Beta": 0.875})
    assert len(warned) == 1 and warned[0].startswith("Warning: topic 1 ")
