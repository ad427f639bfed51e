"""documents.html's data: names found as whole words, boilerplate spans read, texts kept within the budget."""
from __future__ import annotations

import pandas as pd

from newslab.report import documents
from newslab.report.documents import boilerplate_spans, documents_payload, entity_spans, known_names


def test_names_are_found_as_whole_words_longest_first():
    names = {"Iran": "GPE", "Iranian Revolutionary Guard Corps": "ORG", "US": "GPE"}
    text = "Iranian Revolutionary Guard Corps said Iran and the US, not Iranians or USA."
    found = [(text[s:e], lab) for s, e, lab in entity_spans(text, names)]
    assert found == [("Iranian Revolutionary Guard Corps", "ORG"), ("Iran", "GPE"), ("US", "GPE")]


def test_boilerplate_spans_are_read_from_the_corpus_column():
    assert boilerplate_spans("3-10;20-25") == [(3, 10), (20, 25)]
    assert boilerplate_spans("") == [] and boilerplate_spans(None) == [] and boilerplate_spans(float("nan")) == []


def test_raw_text_is_shown_with_its_boilerplate_greyed_when_the_corpus_has_it():
    docs = pd.DataFrame({"doc_id": ["a"], "title": ["T"], "outlet": ["O"], "date": pd.to_datetime(["2020-01-02"]),
                         "text": ["Body."], "raw_text": ["Share this! Body."], "boilerplate_spans": ["0-11"]})
    row = documents_payload(docs, names={})["docs"][0]
    assert row[:5] == ["a", "T", "O", "2020-01-02", "Share this! Body."] and row[6] == [[0, 11]]
    plain = documents_payload(docs.drop(columns=["raw_text", "boilerplate_spans"]), names={})["docs"][0]
    assert plain[4] == "Body." and plain[6] == []


def test_texts_are_cut_to_keep_the_page_within_its_budget(monkeypatch):
    monkeypatch.setattr(documents, "TOTAL_CHARS", 100)
    monkeypatch.setattr(documents, "SHORT_CHARS", 10)
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""], "outlet": ["", ""], "date": [pd.NaT, pd.NaT],
                         "text": ["x" * 150, "y" * 50]})
    rows = documents_payload(docs, names={})["docs"]
    assert len(rows[0][4]) == 150 and rows[0][7] == 0
    assert rows[1][4] == "y" * 10 and rows[1][7] == 1  # past the page's budget: a short excerpt, marked as cut


def test_known_names_are_empty_without_the_entity_notebook(tmp_path):
    assert known_names(tmp_path) == {}
    folder = tmp_path / "entity-cooccurrence"
    folder.mkdir()
    (folder / "nodes.csv").write_text("entity,label,mentions\nIran,GPE,3\n")
    (folder / "aliases.csv").write_text("alias,canonical,label\nIRGC,Iranian Revolutionary Guard Corps,ORG\n")
    assert known_names(tmp_path) == {"Iran": "GPE", "IRGC": "ORG"}


def test_passages_are_marked_in_a_document_shown_as_published():
    import pandas as pd

    from newslab.report.documents import documents_payload

    raw = "LISBON, March 4 /HHN/ - The council met. The mayor spoke at length about the roads plan.\\nShare: Facebook"
    text = "The council met. The mayor spoke at length about the roads plan."
    docs = pd.DataFrame({"doc_id": ["a"], "title": ["t"], "outlet": ["o"], "date": [pd.NaT], "text": [text],
                         "raw_text": [raw], "boilerplate_spans": ["0-23;90-105"]})
    start = text.index("The mayor")
    row = documents_payload(docs, names={}, passages={"a": [[start, len(text), 7]]})["docs"][0]
    shown, shared = row[4], row[8]
    assert shown == raw and shared == [[raw.index("The mayor"), raw.index("The mayor") + len(text) - start, 7]]
