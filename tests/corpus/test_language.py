"""Non-English text: words counted per script, each document's language detected."""
from __future__ import annotations

import pandas as pd

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
