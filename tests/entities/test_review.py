"""The merge review: the merges made, largest first, with the rule behind each and an example sentence."""
import re

import pandas as pd
import pytest

from entity_rows import canon, mentions
from newslab.entities.annotate import Annotations
from newslab.entities.names import normalize_entities
from newslab.entities.review import merge_review
from newslab.errors import ParameterError

DOCS = {
    "a": ("Benjamin Netanyahu spoke. Later Netanyahu left. Netanyahu came back.",
          [("Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON"), ("Netanyahu", "ORG")]),
    "b": ("Binyamin Netanyahu said so. The US agreed.", [("Binyamin Netanyahu", "PERSON"), ("US", "GPE")]),
    "c": ("Sergei Lavrov said. Lavrov left. The U.S. and the United States.",
          [("Sergei Lavrov", "PERSON"), ("Lavrov", "ORG"), ("U.S.", "GPE"), ("the United States", "GPE")]),
    "d": ("Oslo is calm.", [("Oslo", "GPE")]),
}


def sentences_of(texts: pd.Series) -> pd.DataFrame:
    """Sentences ending at a full stop before a capital letter (so "U.S. and" stays whole)."""
    return pd.DataFrame([{"doc_id": doc_id, "sent_idx": k, "para_idx": 0, "start_char": m.start(), "end_char": m.end()}
                         for doc_id, text in texts.items()
                         for k, m in enumerate(re.finditer(r"\S.*?(?:\.(?=\s+[A-Z])|$)", text))])  # as entity_rows.SENTENCE_END


@pytest.fixture()
def review_inputs():
    ents, texts = mentions(DOCS)
    return normalize_entities(ents, texts), sentences_of(texts), texts


def test_largest_merges_first_with_rules_and_an_example(review_inputs):
    entities, sentences, texts = review_inputs
    review = merge_review(entities, sentences, texts)
    assert list(review.columns) == ["canonical", "label", "merged_names", "mentions", "merged_mentions", "documents",
                                    "rule", "example", "example_doc_id"]
    assert list(review["canonical"]) == ["Benjamin Netanyahu", "United States", "Sergei Lavrov"]
    top = review.iloc[0]
    assert top.merged_names == "Netanyahu (2); Benjamin Netanyahu (1); Binyamin Netanyahu (1)"
    assert (top.mentions, top.merged_mentions, top.documents) == (4, 3, 2)
    assert top.rule == "surname (document) (2); spelling (1)"
    assert top.example == "Later Netanyahu left." and top.example_doc_id == "a"
    us = review.iloc[1]
    assert us.merged_names == "U.S. (1); US (1); United States (1)" and us.rule == "variant (2)"  # "United States" is not merged in
    assert "Oslo" not in set(review["canonical"])  # nothing merged


def test_ties_are_broken_by_name_and_top_limits(review_inputs):
    entities, sentences, texts = review_inputs
    shuffled = entities.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(merge_review(shuffled, sentences, texts), merge_review(entities, sentences, texts))
    assert list(merge_review(entities, sentences, texts, top=1)["canonical"]) == ["Benjamin Netanyahu"]
    with pytest.raises(ParameterError, match="top"):
        merge_review(entities, top=0)


def test_annotations_give_the_review(review_inputs):
    entities, sentences, texts = review_inputs
    annotations = Annotations(sentences=sentences, entities=entities, model="m", model_version="0", texts=texts)
    review = annotations.merge_review(top=2)
    assert list(review["canonical"]) == ["Benjamin Netanyahu", "United States"]
    assert review.iloc[1]["example"] == "The U.S. and the United States."  # the first of the commonest merged form
    assert merge_review(canon({"d": DOCS["d"]})).empty  # no merges: an empty table with the columns
