"""Key findings: sentences built from the results (numbers and names), one sentence when nothing recurs."""
import numpy as np

from newslab.reuse import find_duplicates, key_findings

from tiny_corpora import corpus_of, words


def test_seed_findings_name_the_two_posts_and_their_shared_words(seed_corpus):
    result = find_duplicates(seed_corpus)
    findings = key_findings(result, seed_corpus)
    pair = result.pairs.iloc[0]
    assert findings[0] == f"No whole-document duplicates at Jaccard ≥ 0.5, closest pair {pair.jaccard:.2f}."
    assert "Nothing will be left of Israel" in findings[1] and "Iran Guards chief" in findings[1]
    assert f"{pair.shared_words} words, {max(pair.share_a, pair.share_b):.0%} of the shorter" in findings[1]
    assert len(findings) == 3


def test_nothing_recurring_is_one_sentence():
    rng = np.random.default_rng(30)
    corpus = corpus_of({f"d{i}": " ".join(words(rng, 80)) for i in range(5)})
    findings = key_findings(find_duplicates(corpus), corpus)
    assert len(findings) == 1 and findings[0].startswith("No text reuse") and "25+ words" in findings[0]


def test_clusters_and_the_widest_passage_are_counted():
    rng = np.random.default_rng(31)
    story, wire = " ".join(words(rng, 100)), " ".join(words(rng, 40))
    texts = {"a": story, "b": story, **{f"w{i}": " ".join(words(rng, 200)) + " " + wire for i in range(4)}}
    corpus = corpus_of(texts, {"w0": "2020-05-01", "w3": "2020-05-09"})
    findings = key_findings(find_duplicates(corpus), corpus)
    assert findings[0].startswith("1 exact, 0 near-duplicate (Jaccard ≥ 0.5) and 0 contained pairs form 1 cluster")
    assert "the largest has 2 copies of “a”" in findings[0]
    assert findings[-1] == "1 recurring passage (40 words) in 4 documents, first in “w0” on 2020-05-01."
