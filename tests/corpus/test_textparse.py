"""Text cleaning, caption detection, archive splitting and derived titles."""
from newslab.corpus.textparse import (
    clean_text, count_words, first_sentence_title, is_caption, parse_source_line, parse_text_file,
)


def test_clean_text_normalises_unicode_and_spaces_but_keeps_rtl():
    raw = "Cafe\u0301\u00a0owners\r\nראש הממשלה  \r\n"
    assert clean_text(raw) == "Café owners\nראש הממשלה"


def test_count_words_keeps_compounds_together():
    assert count_words("The U.S. and Iran-backed groups don't — agree.") == 7


def test_captions_are_recognised_and_story_paragraphs_are_not():
    assert is_caption("Smoke rises over the base, August 12, 2019. (AP Photo/Loay Hameed)")
    assert is_caption("Iraqi Prime Minister speaks in Ankara, May 15, 2019. (Burhan Ozbilici/AP)")
    assert is_caption("Mohsen Rezaei (MEMRI screenshot)")
    assert is_caption("Featured image: President of Iran Hassan Rouhani. | Kremlin")
    assert is_caption("A woman looks at a missile in Tehran. (Photo by STRINGER / AFP)")
    assert not is_caption("The commander of the Islamic Revolutionary Guard Corps (IRGC) spoke on Monday.")
    assert not is_caption("Caroline Quentin (Life Begins/ Von Trapped, ITV1)")


def test_source_line_variants():
    assert parse_source_line("Iraqi PM blames Israel | The Times of Israel") == ("Iraqi PM blames Israel", "The Times of Israel")
    assert parse_source_line("INSS expert: Trump lost control – Middle East – Jerusalem Post") == ("INSS expert: Trump lost control", "Jerusalem Post")


def test_archive_page_splits_into_posts():
    page = (
        "Archive for May 2020\n\nFirst post\n\nMay 3, 2020\n\nSource: First headline | Outlet A\n\n"
        "Body one is here.\n\nA man walks. (AP Photo/X)\n\nSecond post\n\nMay 1, 2020\n\nBody two.\n"
    )
    posts = parse_text_file(page)
    assert [p.title for p in posts] == ["First post", "Second post"]
    assert [p.date for p in posts] == ["2020-05-03", "2020-05-01"]
    assert posts[0].outlet == "Outlet A" and posts[0].source_title == "First headline"
    assert posts[0].text == "Body one is here." and posts[0].captions == ["A man walks. (AP Photo/X)"]
    assert posts[1].outlet == "" and posts[1].text == "Body two."


def test_first_line_title_is_guessed_only_when_it_looks_like_one():
    titled = parse_text_file("Ad sales boost profit\n\nQuarterly profits jumped 76%.")[0]
    assert (titled.title, titled.title_source, titled.text) == ("Ad sales boost profit", "first_line", "Quarterly profits jumped 76%.")
    untitled = parse_text_file("Such commentary reflects familiar narratives, the paper said.\n\nMore text.")[0]
    assert untitled.title == ""


def test_first_sentence_title_is_short():
    assert first_sentence_title("Short one. Then more.") == "Short one."
    long = first_sentence_title("word " * 60)
    assert len(long) <= 91 and long.endswith("…")
