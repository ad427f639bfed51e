"""Side-by-side HTML: highlights where passages are, and never lets document text become markup."""
import numpy as np
import pandas as pd

from newslab.show.html import highlight, side_by_side

from tiny_corpora import corpus_of, words


def test_hostile_text_is_escaped():
    corpus = corpus_of({"a": "Hello <script>alert('x')</script> & more", "b": "<img src=x onerror=alert(1)> plain"})
    corpus["title"] = ["<b>bold title</b>", "t"]
    markup = side_by_side(corpus, "a", "b")._repr_html_()
    assert "<script>" not in markup and "<img" not in markup and "<b>bold" not in markup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup and "&amp; more" in markup


def test_shared_passages_are_marked_in_both_columns():
    text = "alpha beta gamma delta epsilon"
    corpus = corpus_of({"a": "intro " + text, "b": text + " outro"})
    occ = pd.DataFrame({"passage_id": [0, 0], "doc_id": ["a", "b"], "start_char": [6, 0], "end_char": [36, 30]})
    markup = side_by_side(corpus, "a", "b", occ).markup
    assert markup.count(f">{text}</mark>") == 2
    assert highlight("a<b", [(0, 3, 1)]).startswith('<mark title="passage 1"') and "a&lt;b" in highlight("a<b", [])


def test_side_by_side_names_each_colour_and_escapes_ids_once():
    corpus = corpus_of({"a&b": "one two three four five six", "c": "one two three four five six seven"})
    occ = pd.DataFrame({"passage_id": [7, 7], "doc_id": ["a&b", "c"], "start_char": [0, 0], "end_char": [27, 27],
                        "n_words": [6, 6]})
    markup = side_by_side(corpus, "a&b", "c", occ).markup
    assert "1 shared passage(s), each in its own colour" in markup and "passage 7, 6 words" in markup
    assert "a&amp;b" in markup and "a&amp;amp;b" not in markup
    assert "No shared passages to highlight." in side_by_side(corpus, "a&b", "c").markup


def test_pairs_for_reading_name_both_sides_and_leave_ids_to_the_csv():
    from newslab.reuse import find_duplicates, with_titles

    rng = np.random.default_rng(5)
    text = " ".join(words(rng, 120))
    corpus = corpus_of({"a": text, "b": text + " extra words at the end"})
    pairs = find_duplicates(corpus).pairs
    brief = with_titles(pairs, corpus, brief=True)
    assert list(brief.columns[:6]) == ["title_a", "date_a", "outlet_a", "title_b", "date_b", "outlet_b"]
    assert "doc_a" not in brief.columns and len(brief) == len(pairs) == 1
    assert {"doc_a", "title_a", "containment_a_in_b"} <= set(with_titles(pairs, corpus).columns)


def test_show_evidence_is_shown_as_html_not_as_its_source():
    from newslab import show

    rows = pd.DataFrame({"title": ["<T>"], "outlet": ["Post"], "date": pd.to_datetime(["2019-09-29"]),
                         "html": ["<mark>Iran</mark> spoke"]})
    view = show.evidence(rows, heading="Iran – Israel")
    assert view._repr_html_().startswith("<h4>Iran – Israel</h4><ul")
    assert "&lt;T&gt;" in view._repr_html_()
