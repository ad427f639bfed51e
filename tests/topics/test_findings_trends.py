"""Key findings in numbers and names; documents per period as bars with empty periods kept; group rows with counts."""
from __future__ import annotations

import numpy as np
import pandas as pd

from newslab.show.plots import period_bars
from newslab.topics import TopicResult, key_findings
from newslab.topics.trends import topics_by_group, topics_over_time


def hand_made_result(collapsed: bool = True) -> TopicResult:
    """Three topics over six stories; topic 2 is one story followed by three copies."""
    topics = pd.DataFrame({
        "topic": [0, 1, 2], "label": ["rates / bank / inflation", "coach / final / match", "storm / flood / rain"],
        "size": [3, 2, 1], "share": [0.5, 0.3333, 0.1667],
        "top_terms": ["rates, bank, inflation, bonds", "coach, final, match, goal", "storm, flood, rain, river"],
        "coherence": [0.3, 0.2, 0.1], "copies": [0, 0, 3], "largest_story_share": [0.3333, 0.5, 1.0],
        "mostly_copies": [False, False, True],
    })
    doc_topics = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e", "f", "f1", "f2", "f3"], "topic": [0, 0, 0, 1, 1, 2, 2, 2, 2],
        "weight": 1.0, "second_topic": 1, "second_weight": 0.0, "copy_of": [None] * 6 + ["f", "f", "f"],
    })
    metrics = {"method": "kmeans", "n_topics": 3, "documents": 6, "empty_left_out": 2, "copies_collapsed": 3,
               "vocabulary": 40, "coherence_npmi": 0.2, "diversity": 0.9, "stability": 0.987, "nmi": 0.91, "ari": 0.9}
    return TopicResult(topics=topics, doc_topics=doc_topics, representative_docs=pd.DataFrame(), metrics=metrics,
                       weights=np.eye(3)[[0, 0, 0, 1, 1, 2]],
                       info={"collapse_duplicates": collapsed, "k_tried": (3, 10)})


def test_key_findings_state_counts_names_copies_and_flags():
    text = "\n".join(key_findings(hand_made_result()))
    assert "3 topics (the finest of the most stable among 3–10 topics) among 6 distinct documents" in text
    assert "topic 0 “rates, bank, inflation, bonds” (3 documents, 50%)" in text
    assert text.index("topic 0 “rates") < text.index("topic 1 “coach")  # largest first
    assert "3 documents collapsed as near-duplicate copies of 1 story" in text
    assert "2 empty or near-empty documents left out" in text
    assert "Topic 2 (“storm / flood / rain”) is mostly copies of one story: 100% of its 4 documents" in text
    assert "Stability 0.99" in text and "NMI 0.91" in text


def test_key_findings_say_when_copies_were_not_collapsed():
    text = "\n".join(key_findings(hand_made_result(collapsed=False)))
    assert "not collapsed" in text and "collapsed as near-duplicate" not in text


def test_topics_over_time_counts_documents_and_keeps_empty_periods():
    result = hand_made_result()
    dates = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-03-05", "2024-03-06", None, "2024-03-20",
                            "2024-03-20", "2024-03-21", "2024-03-21"])
    corpus = pd.DataFrame({"doc_id": result.doc_topics["doc_id"], "date": dates})
    table = topics_over_time(result, corpus, freq="M")
    assert [str(p) for p in table.index] == ["2024-01", "2024-02", "2024-03"]
    assert table.loc[pd.Period("2024-02", "M")].sum() == 0  # an empty month stays, as zero documents
    assert table.to_numpy().sum() == 8 and table.iloc[0, 0] == 2
    assert len(period_bars(table, title="t", ylabel="documents").axes[0].patches) == 3 * 3


def test_topics_by_group_names_the_documents_behind_each_row():
    result = hand_made_result()
    corpus = pd.DataFrame({"doc_id": result.doc_topics["doc_id"], "outlet": ["X", "X", "Y", "Y", "Y", "Z", "Z", "Z", "Z"]})
    table = topics_by_group(result, corpus, "outlet")
    assert list(table.index) == ["Z (4 documents)", "Y (3 documents)", "X (2 documents)"]
    assert np.allclose(table.sum(axis=1), 1.0)
