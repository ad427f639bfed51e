"""Corpus overview tables: counts, periods, length flags and the seeded sample."""
import pandas as pd
import pytest

from newslab.errors import ParameterError
from newslab.corpus import pick_time_freq
from newslab.corpus.overview import counts_by, counts_over_time, flag_length_outliers, sample_titles


def test_counts_by_outlet_on_the_seeds(seed_corpus):
    table = counts_by(seed_corpus, "outlet")
    assert table.loc["The Times of Israel", "documents"] == 4
    assert table.loc["(none)", "documents"] == 6  # the two loose articles and four outlet-less posts
    with pytest.raises(ParameterError, match="'nope'"):
        counts_by(seed_corpus, "nope")


def test_counts_over_time_fills_empty_days(seed_corpus):
    days = counts_over_time(seed_corpus)
    assert str(days.index.freq) == "<Day>" or days.index.freqstr == "D"
    assert len(days) == 7 and days.sum() == 10 and days.min() == 0
    assert pick_time_freq(pd.Series(pd.to_datetime(["2001-01-01", "2004-06-01"]))) == "M"


def test_flags_near_empty_and_very_long(seed_corpus):
    flags = flag_length_outliers(seed_corpus, near_empty_words=50, long_factor=1.5)
    assert set(flags.loc[flags.flag == "near-empty", "title"]) >= {"Happy New Year, Jews!", "One who believes is not afraid"}
    long = flags[flags.flag == "very long"]  # median of non-empty documents: 645 words; 1.5 × = 967.5
    assert long["source_file"].tolist() == ["001_3127c393c494b689.txt"] and long["n_words"].tolist() == [1254]


def test_sample_is_reproducible(seed_corpus):
    pd.testing.assert_frame_equal(sample_titles(seed_corpus, n=5, seed=1), sample_titles(seed_corpus, n=5, seed=1))
    assert len(sample_titles(seed_corpus, n=50)) == 12


def test_key_findings_name_the_numbers_of_the_seeds(seed_corpus):
    from newslab.corpus.overview import key_findings

    lines = key_findings(seed_corpus)
    assert lines[0].startswith("12 documents (5,623 words) from 3 source file(s); 4 are empty")
    assert any("2019-09-24 … 2019-09-30; the busiest day is 2019-09-29 with 4" in line for line in lines)
    assert any("The Times of Israel (4)" in line and "6 documents name none" in line for line in lines)
    assert key_findings(seed_corpus.iloc[:0]) == ["The corpus holds no documents."]


def test_length_summary_is_whole_words_and_skips_percentiles_it_cannot_support(seed_corpus):
    from newslab.corpus.overview import length_summary

    table = length_summary(seed_corpus)
    assert "99%" not in table.columns and table.loc["all documents", "documents"] == 12
    assert str(table["median"].dtype) == "Int64"
