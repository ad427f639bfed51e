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
    assert findings[0] == "1 exact, 0 near-duplicate (Jaccard ≥ 0.5) and 0 contained pairs form 1 cluster of 2 documents: “a” and 1 other."
    assert findings[-1] == "1 recurring passage (40 words) in 4 documents, first in “w0” on 2020-05-01."


def test_clusters_of_equal_size_are_named_as_such():
    rng = np.random.default_rng(32)
    stories = [" ".join(words(rng, 100)) for _ in range(3)]
    texts = {f"s{i}": s for i, s in enumerate(stories)} | {f"c{i}": s for i, s in enumerate(stories)}
    findings = key_findings(find_duplicates(corpus_of(texts)), corpus_of(texts))
    assert findings[0].endswith("form 3 clusters of 2 documents each.")
    assert "largest" not in findings[0] and "copies of" not in findings[0]


def test_a_resent_story_is_told_from_stories_sharing_background():
    rng = np.random.default_rng(33)
    story, background = words(rng, 200), words(rng, 160)
    resent = story[:120] + ["update"] + story[120:]
    texts = {"story": " ".join(story), "resent": " ".join(resent),
             "one": " ".join(words(rng, 60) + background), "two": " ".join(words(rng, 60) + background)}
    corpus = corpus_of(texts, {"story": "2020-01-01", "resent": "2020-01-02", "one": "2020-01-03", "two": "2020-01-04"})
    result = find_duplicates(corpus)
    assert result.counts()["near"] == 2
    line = next(f for f in key_findings(result, corpus) if f.startswith("Of the 2 near-duplicate pairs"))
    assert "1 is the same text with small edits (each side at least 80% inside the other)" in line
    assert "1 has much text of its own on each side" in line and "background" in line


def test_a_cluster_of_a_short_item_and_texts_that_embed_it_says_so():
    """Longer stories that carry a short wire item whole are in its cluster, but they are not its copies."""
    from newslab.reuse import find_duplicates
    from newslab.reuse.findings import cluster_sizes

    rng = np.random.default_rng(7)
    wire = words(rng, 120)
    texts = {"short": " ".join(words(rng, 15) + wire)}
    texts |= {f"long{i}": " ".join(words(rng, 400) + wire + words(rng, 300)) for i in range(3)}
    texts["resent"] = texts["short"]
    corpus = corpus_of(texts, {"short": "2020-01-01", "long0": "2020-01-02", "long1": "2020-01-03",
                               "long2": "2020-01-04", "resent": "2020-01-05"})
    assert cluster_sizes(find_duplicates(corpus), corpus) == (
        "1 cluster of 5 documents: “short”, 1 copy of it and 3 longer texts that embed it")
