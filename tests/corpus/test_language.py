"""Non-English text: words counted per script, each document's language detected."""
from __future__ import annotations

import pandas as pd
import pytest

from newslab.corpus import load_corpus
from newslab.corpus.language import detect_language, english_only
from newslab.corpus.textparse import count_words, tokenize

CHINESE = "中国政府今天宣布了新的经济政策，以促进国内消费和就业。官员表示，这些措施将在下个月开始实施，并将持续到年底。"
PERSIAN = ("وزیر امور خارجه ایران امروز در تهران گفت که مذاکرات با کشورهای اروپایی ادامه دارد و "
           "دولت به دنبال راه حلی برای این مسئله است")
ENGLISH = "The council met on Tuesday to discuss the budget, and the mayor said the roads plan was delayed again."


def test_chinese_is_counted_by_characters_not_by_runs():
    assert count_words(CHINESE) == 49  # one word per character (punctuation aside), not 3 or 4 "words"
    assert tokenize("東京 Tokyo") == ["東", "京", "tokyo"]
    assert count_words("The U.S. and Iran-backed groups don't — agree.") == 7  # English unchanged


def test_a_chinese_paragraph_is_a_document_not_an_empty_one(tmp_path):
    (tmp_path / "zh.txt").write_text(CHINESE)
    (tmp_path / "en.txt").write_text(ENGLISH)
    docs = load_corpus(tmp_path).set_index("source_file")
    assert not docs.loc["zh.txt", "is_empty"]
    assert docs["language"].to_dict() == {"en.txt": "en", "zh.txt": "zh"}


def test_languages_are_detected_offline_and_english_only_leaves_the_rest_out():
    assert [detect_language(t) for t in (ENGLISH, CHINESE, PERSIAN, "Iran")] == ["en", "zh", "fa", ""]
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "language": ["en", "fa", ""]})
    kept, skipped = english_only(corpus)
    assert kept["doc_id"].tolist() == ["a", "c"] and skipped == 1


@pytest.mark.slow
def test_analyses_that_need_english_leave_other_languages_out_and_say_how_many(tmp_path):
    from newslab.entities import annotate
    from newslab.network import cooccurrence, key_findings
    from newslab.topics import fit_topics
    from newslab.topics import key_findings as topic_findings

    from conftest import SEEDS

    for i, path in enumerate(sorted(SEEDS.iterdir())):
        (tmp_path / f"en{i}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "fa.txt").write_text((PERSIAN + ". ") * 5, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(CHINESE * 3, encoding="utf-8")
    docs = load_corpus(tmp_path)
    annotations = annotate(docs, cache_dir=tmp_path / "cache", progress=False)
    foreign = set(docs.loc[docs["language"].isin(["fa", "zh"]), "doc_id"])
    assert len(foreign) == 2 and not foreign & set(annotations.entities["doc_id"])
    assert any("2 documents in other languages than English left out" in s
               for s in key_findings(cooccurrence(annotations, corpus=docs)))
    topics = fit_topics(docs, n_topics=2)
    assert not foreign & set(topics.doc_topics["doc_id"])
    assert any("2 documents in other languages than English left out" in s for s in topic_findings(topics))
