"""Side-by-side HTML: highlights where passages are, and never lets document text become markup."""
import pandas as pd

from newslab.reuse.views import highlight, side_by_side

from test_duplicates import corpus_of


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


def test_an_empty_table_is_one_sentence_not_a_header():
    from newslab.reuse.views import findings_markdown, table_or_sentence

    shown = table_or_sentence(pd.DataFrame(columns=["doc_a", "doc_b"]), "No exact copies.")
    assert shown.data == "No exact copies."
    frame = pd.DataFrame({"x": range(30)})
    assert len(table_or_sentence(frame, "unused", head=5)) == 5
    assert findings_markdown(["a <script>*x*", "c"]).data == "- a &lt;script&gt;\\*x\\*\n- c"  # corpus titles stay text
