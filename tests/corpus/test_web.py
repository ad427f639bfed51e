"""Saved web pages and WARC crawls become documents: the article without the page around it, and its metadata."""
from __future__ import annotations

import gzip
import socket
import warnings

import pandas as pd
import pytest

from conftest import shared_path
from webpages import (
    HELD_OUT, OUTLETS, Page, Story, hashed_classes, index_page, make_pages, read_stories, score, undated, warc_bytes, write_pages,
)
from newslab.corpus import load_corpus
from newslab.errors import CorpusError, NewslabWarning

BOILERPLATE = ["We use cookies", "Share this story", "Most read", "Related stories", "You may also like",
               "Sign up for our free newsletter", "Reply", "Powered by WordPress", "All rights reserved", "Advertisement",
               "Read more:", "Related topics", "Like Loading"]


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    """Seven BBC stories as pages of the six outlets (all three templates)."""
    stories = read_stories(shared_path("corpora", "bbc", "articles"), n=7, seed=3)
    return make_pages(stories, seed=3)


def _load(path, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kwargs)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, NewslabWarning)]


def test_saved_pages_give_the_article_text_and_its_metadata(tmp_path, pages):
    write_pages(tmp_path, pages)
    corpus, problems = _load(tmp_path)
    assert problems == []
    result = score(corpus, pages)
    assert result["documents"] == len(pages)
    assert result["recall"] >= 0.97 and result["template_share"] <= 0.02, result
    for field in ("title", "date", "outlet", "url", "author", "language"):
        assert result[f"{field}_right"] == 1.0, (field, result)
    for phrase in BOILERPLATE:
        assert not corpus["text"].str.contains(phrase, regex=False).any(), phrase
    assert set(corpus["title_source"]) == {"page"} and set(corpus["date_source"]) == {"page"}
    # outlets without a declared site name are named by their host
    assert {"harbourpost.net", "valleytimes.info", "Daily Meridian"} <= set(corpus["outlet"])


def test_pages_with_hashed_class_names_lose_their_comments_and_banners_too(tmp_path, pages):
    """Build tools hash class names ("css-1a2b3c4d"): no "comments" or "cookie" class is left to go by."""
    hashed = [Page(**{**p.__dict__, "html": hashed_classes(p.html)}) for p in pages]
    write_pages(tmp_path, hashed)
    corpus, problems = _load(tmp_path)
    result = score(corpus, hashed)
    assert problems == [] and result["documents"] == len(pages)
    assert result["recall"] >= 0.97 and result["template_share"] <= 0.02, result
    for field in ("title", "date", "outlet", "url"):
        assert result[f"{field}_right"] == 1.0, (field, result)
    for phrase in ["We use cookies", "Sign up for our free newsletter", *{c for p in pages for c in p.template_text
                                                                         if c.endswith((".", "?")) and len(c) > 40}]:
        assert not corpus["text"].str.contains(phrase, regex=False).any(), phrase


def test_a_table_layout_page_gives_its_story_and_a_data_table_stays_a_table(tmp_path, pages):
    """Pages of the 2000s put the story in one cell of a layout table, beside the menus."""
    stories = [Story(p.key, p.title, p.body.split("\n\n")) for p in pages[:3]]
    old = make_pages(stories, seed=3, outlets=HELD_OUT)
    data = "<table><tr><th>Year</th><th>Profit</th></tr><tr><td>2003</td><td>£2.1bn</td></tr><tr><td>2004</td><td>£2.9bn</td></tr></table>"
    old[0] = Page(**{**old[0].__dict__, "html": old[0].html.replace("</p><p>", f"</p>{data}<p>", 1)})
    write_pages(tmp_path, old)
    corpus, problems = _load(tmp_path)
    result = score(corpus, old)
    assert problems == [] and result["documents"] == 3
    assert result["recall"] >= 0.97 and result["title_right"] == result["date_right"] == result["url_right"] == 1.0, result
    assert not corpus["text"].str.contains("Printable version|TOP [A-Z]+ STORIES|SEE ALSO").any()
    assert "| 2003 | £2.1bn |" in corpus.set_index("url").loc[old[0].url, "text"]


def test_a_single_page_file_loads_on_its_own(tmp_path, pages):
    (path,) = write_pages(tmp_path, pages[:1])
    corpus, _ = _load(path)
    assert len(corpus) == 1 and corpus.loc[0, "title"] == pages[0].title and corpus.loc[0, "source_file"] == path.name


def test_gzipped_pages_read_like_plain_ones(tmp_path, pages):
    write_pages(tmp_path / "plain", pages)
    paths = write_pages(tmp_path / "zipped", pages, gzip_every=1)
    assert all(p.name.endswith(".html.gz") for p in paths)
    plain, zipped = load_corpus(tmp_path / "plain"), load_corpus(tmp_path / "zipped")
    cols = ["title", "date", "outlet", "url", "text", "author"]
    pd.testing.assert_frame_equal(plain[cols], zipped[cols])


def test_warc_html_responses_become_documents_with_the_record_url(tmp_path, pages):
    moved = Page(**{**pages[1].__dict__, "url": pages[1].url + "?utm_source=rss"})  # record url ≠ canonical
    crawl = [pages[0], moved, undated(pages[2]), *pages[3:]]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(crawl))
    corpus, problems = _load(path)
    assert problems == []
    assert len(corpus) == len(crawl)  # request records and the PNG response are not documents
    assert list(corpus["url"]) == [p.url for p in crawl]
    result = score(corpus, crawl)
    assert result["recall"] >= 0.97 and result["template_share"] <= 0.02, result
    assert result["title_right"] == result["outlet_right"] == 1.0
    by_url = corpus.set_index("url")
    # the page without any date gets the crawl date, flagged as such; the others keep their own
    assert by_url.loc[crawl[2].url, "date"] == pd.Timestamp("2006-01-15")
    assert by_url.loc[crawl[2].url, "date_source"] == "crawl"
    others = by_url.drop(index=crawl[2].url)
    assert set(others["date_source"]) == {"page"}
    assert [d.date().isoformat() for d in others["date"]] == [p.date for p in crawl if p is not crawl[2]]


@pytest.mark.parametrize("kind", ["records", "plain", "whole"])
def test_a_broken_warc_record_is_named_and_the_records_after_it_are_read(tmp_path, pages, kind):
    """Gzipped record by record (as crawlers write), not gzipped, and gzipped whole (`gzip crawl.warc`)."""
    data = warc_bytes(pages, broken_after=1)
    path = tmp_path / ("crawl.warc" if kind == "plain" else "crawl.warc.gz")
    path.write_bytes({"records": data, "plain": gzip.decompress(data), "whole": gzip.compress(gzip.decompress(data))}[kind])
    corpus, problems = _load(path)
    assert len(problems) == 1, problems
    assert str(path) in problems[0] and "record at byte" in problems[0] and "broken" in problems[0]
    assert "1 WARC record(s)" in problems[0]
    assert sorted(corpus["url"]) == sorted(p.url for p in pages)


def test_a_file_that_is_no_warc_at_all_is_a_one_line_error_or_a_skipped_file(tmp_path, pages):
    junk = tmp_path / "folder" / "junk.warc.gz"
    junk.parent.mkdir()
    junk.write_bytes(gzip.compress(b"this is not a web archive\n" * 50))
    with pytest.raises(CorpusError) as err:
        load_corpus(junk)
    assert str(junk) in str(err.value) and "WARC" in str(err.value) and "\n" not in str(err.value)
    write_pages(junk.parent, pages[:2])
    corpus, problems = _load(junk.parent)
    assert len(corpus) == 2 and len(problems) == 1 and "junk.warc.gz" in problems[0]


def test_pages_without_an_article_are_skipped_and_counted_in_the_one_warning(tmp_path, pages):
    write_pages(tmp_path, pages[:3])
    (tmp_path / "index.html").write_text(index_page(), encoding="utf-8")
    (tmp_path / "empty.htm").write_text("<html><head><title>Loading…</title></head><body></body></html>", encoding="utf-8")
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(warc_bytes(pages[3:5], extra_html=[("https://www.northernledger.co.uk/news", index_page())]))
    corpus, problems = _load(tmp_path)
    assert len(corpus) == 5
    assert len(problems) == 1, problems
    message = problems[0]
    assert "skipped 2 file(s) and 1 WARC record(s)" in message
    assert "index.html" in message and "empty.htm" in message and "https://www.northernledger.co.uk/news" in message
    with pytest.raises(CorpusError, match="index.html: no article text"):
        load_corpus(tmp_path / "index.html")


def test_a_mixed_folder_reads_each_file_by_its_kind(tmp_path, pages):
    write_pages(tmp_path, pages[:2])
    write_pages(tmp_path, pages[2:3], gzip_every=1)
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes(pages[3:5]))
    (tmp_path / "note.txt").write_text("A short headline\n" + "The council met on Tuesday to discuss the plan. " * 4,
                                       encoding="utf-8")
    (tmp_path / "table.csv").write_text("id,title,text\nr1,Row one,First row text about the harbour bridge plan.\n",
                                        encoding="utf-8")
    corpus, problems = _load(tmp_path)
    assert problems == []
    kinds = corpus.groupby("source_file")["title"].apply(list).to_dict()
    assert kinds["note.txt"] == ["A short headline"] and kinds["table.csv"] == ["Row one"]
    assert kinds["crawl.warc.gz"] == [p.title for p in pages[3:5]]
    assert kinds[f"{pages[2].name}.gz"] == [pages[2].title]
    assert corpus.set_index("source_file").loc["table.csv", "doc_id"] == "r1"
    assert corpus.set_index("source_file")["date_source"].isna()[["note.txt", "table.csv"]].all()


def test_the_same_pages_give_the_same_table_twice(tmp_path, pages):
    write_pages(tmp_path, pages, gzip_every=3)
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes(pages[:3], broken_after=0))
    first, second = _load(tmp_path), _load(tmp_path)
    assert first[1] == second[1]
    assert first[0].to_csv(index=False) == second[0].to_csv(index=False)


def test_reading_pages_makes_no_network_call(tmp_path, pages, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network call attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    write_pages(tmp_path, pages[:3])
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes([undated(pages[3])]))
    # a page whose whole content is a URL: htmldate would download it if handed the string
    (tmp_path / "link.html").write_text("https://www.example.com/2005/01/01/story", encoding="utf-8")
    corpus, _ = _load(tmp_path)
    assert len(corpus) == 4


def test_broken_and_binary_pages_are_skipped_with_a_reason(tmp_path, pages):
    write_pages(tmp_path, pages[:1])
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02PK" * 100)
    (tmp_path / "bad.html.gz").write_bytes(b"not gzip at all")
    (tmp_path / "half.html").write_text("<html><body><div><p>" + "Unclosed text of a page cut short. " * 30,
                                        encoding="utf-8")
    corpus, problems = _load(tmp_path)
    assert len(problems) == 1 and "binary.html" in problems[0] and "bad.html.gz" in problems[0]
    assert len(corpus) == 2  # the truncated page still holds an article


def test_a_full_stop_in_the_headline_is_not_taken_for_the_site_name(tmp_path, pages):
    """A page declaring no site name, titled "<headline> | host": the outlet is the host, not the headline."""
    dotted = Story("business/999", "Singapore growth at 8.1% in 2004", [p.replace("\n", " ") for p in pages[0].body.split("\n\n")])
    stories = [Story(p.key, p.title, p.body.split("\n\n")) for p in pages[:4]] + [dotted]
    made = make_pages(stories, seed=3)
    assert OUTLETS[4][0] == made[4].outlet == "harbourpost.net"
    write_pages(tmp_path, made[4:])
    corpus, _ = _load(tmp_path)
    assert corpus.loc[0, "outlet"] == "harbourpost.net" and corpus.loc[0, "title"] == dotted.title


def test_a_browser_saved_page_keeps_its_address_and_declared_language(tmp_path, pages):
    """"Save page as" writes the address into a comment; the language comes from the page, not from a model."""
    body = "".join(f"<p>{p}</p>" for p in pages[0].body.split("\n\n"))
    saved = ("<!DOCTYPE html>\n<!-- saved from url=(0041)https://www.example.org/2005/story.html -->\n"
             '<html><head><meta http-equiv="Content-Language" content="fr-FR"><title>Une histoire</title></head>'
             f"<body><article><h1>Une histoire</h1>{body}</article></body></html>")
    (tmp_path / "saved.html").write_text(saved, encoding="utf-8")
    corpus, _ = _load(tmp_path / "saved.html")
    row = corpus.iloc[0]
    assert row["url"] == "https://www.example.org/2005/story.html" and row["outlet"] == "example.org"
    assert row["language"] == "fr" and row["title"] == "Une histoire"
    assert row["text"].startswith(pages[0].body.split("\n\n")[0])


def test_a_story_section_headed_responses_is_kept_and_a_comments_section_is_not(tmp_path, pages):
    paras = pages[0].body.split("\n\n")
    said = "Opposition leaders said the plan would cost far more than the government had admitted in public."
    page = (f"<html lang='en'><head><title>{pages[0].title}</title></head><body><article><h1>{pages[0].title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paras)
            + f"<div><h2>Responses</h2><p>{said}</p></div></article>"
            + "<div><h3>Comments (2)</h3><div><p>Completely one-sided reporting as usual, where is the other side?</p>"
            + "</div><div><p>Great article, shared it with my whole family over the weekend.</p></div></div></body></html>")
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    text = load_corpus(tmp_path / "story.html").loc[0, "text"]
    assert said in text and paras[-1] in text
    assert "one-sided" not in text and "whole family" not in text
