"""Prose for findings sentences."""
from newslab.show.prose import count_noun


def test_findings_count_nouns_in_plain_english():
    assert [count_noun(1, "story"), count_noun(2, "story"), count_noun(1204, "pair"), count_noun(3, "day")] == [
        "1 story", "2 stories", "1,204 pairs", "3 days"]
