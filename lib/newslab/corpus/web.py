"""Saved web pages and WARC crawls: the article text and metadata of each HTML page (trafilatura, htmldate).

Everything runs offline: pages are parsed from their bytes (never from a URL, which htmldate would fetch), and
the language is the one the page declares, not a guess by a downloaded model.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gzip
import io
import re
import zlib
from pathlib import Path

from ..errors import CorpusError
from .textparse import clean_text, separate_captions

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
# Parts of a page whose dates, names and titles belong to other texts: comment threads (their timestamps
# come after the story's, and htmldate reads them when the byline's date is not machine-readable).
_NOT_THE_ARTICLE = (
    "//*[not(self::html or self::body or self::main or self::article)][not(.//h1)]"
    "[contains(translate(concat(' ', @id, ' ', @class), 'COMENT', 'coment'), 'comment') or @id='respond']"
)
# Small blocks built around buttons or forms (cookie banners, newsletter sign-ups, polls) are widgets, not story
# text, whatever their class names are (build tools often hash them): pruned before extraction.
_WIDGETS = ("//*[self::div or self::section or self::aside or self::dialog or self::form]"
            "[.//button or .//input or self::form][not(.//h1)][string-length(normalize-space(.)) < 600]")
# "Comments", "Reader comments (12)", "3 Responses", "Join the conversation"; not "Responses" or "Discussion" alone,
# which can head a part of the story itself.
_COMMENTS_HEADING = re.compile(r"^(\d+\s+)?(reader\s+|user\s+)?comments?(\s*\(\d+\))?$|^\d+\s+(responses?|replies)\b|"
                               r"^(join the (conversation|discussion)|have your say|leave a (comment|reply))$", re.I)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->|<!--\s*Page saved with SingleFile\s+url:\s*(\S+)")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")
# A paragraph that points to another story ("Read more: <headline>"), left inside the article body by many sites.
_TEASER = re.compile(r"^(read more|read also|also read|related|see also|more on this story|recommended)\s*[:|–—-]", re.I)
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
MIN_SENTENCE_WORDS = 8  # a page whose extracted text has no sentence this long holds no article
_MAX_HTML_BYTES = 20_000_000  # trafilatura's own limit: larger responses are not articles


def _reads_like_an_article(text: str) -> bool:
    """At least one paragraph that is a sentence of some length: lists of headlines and menus are not articles."""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(line) for line in text.split("\n"))


def _prune_comment_threads(tree) -> None:
    """Remove sections that open with a comments heading ("Reader comments", "3 Responses"): with hashed class
    names nothing else tells a comment thread from the story."""
    for heading in list(tree.iter("h2", "h3", "h4")):
        section = heading.getparent()
        if (section is not None and section.tag not in ("body", "main", "article", "html") and section[0] is heading
                and _COMMENTS_HEADING.match(heading.text_content().strip()) and not section.xpath(".//h1")):
            if section.getparent() is not None:
                section.getparent().remove(section)


def _unwrap_layout_tables(tree) -> None:
    """Tables used for page layout (the 2000s web) become plain blocks, so the story in one of their cells is read
    as paragraphs, not as one table row with the menus beside it. A data table (short cells, rows) stays a table."""
    for table in reversed(list(tree.iter("table"))):  # innermost first
        rows = table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
        cells = [cell for row in rows for cell in row if cell.tag in ("td", "th")]
        layout = len(rows) <= 1 or any(
            cell.xpath(".//table|.//div") or len(cell.xpath(".//p")) >= 2 or len(cell.text_content().split()) >= 80
            for cell in cells)
        if layout:
            for element in [table, *table.xpath("./tbody|./thead|./tfoot"), *rows, *cells]:
                element.tag = "div"


def _language(tree) -> str:
    """The page's declared language as a lower-case ISO 639 code ('en' for en-GB), or ''."""
    found = tree.xpath("string(/html/@lang | /html/@xml:lang)", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
    if not found:
        meta = tree.xpath('//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")="content-language"]'
                          '/@content | //meta[@property="og:locale"]/@content')
        found = meta[0] if meta else ""
    m = _LANG.match(str(found).strip())
    return m.group().lower() if m else ""


def _host(url: str) -> str:
    m = re.match(r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?(?:www\d?\.)?([^/:?#]+)", url or "", re.IGNORECASE)
    return m.group(1).lower() if m else ""


def page_document(raw: bytes | str, *, url: str = "") -> dict | None:
    """Article text and metadata of one HTML page, or None when it holds no article (an index, a login wall).

    `url`, when given (a WARC record's), is the page's url; otherwise the page's canonical or og:url is.
    Keys: title, date ('YYYY-MM-DD' or None), outlet (site name, else host), url, author, language, text, captions.
    """
    import trafilatura

    tree = trafilatura.load_html(raw)
    if tree is None:
        return None
    _prune_comment_threads(tree)
    _unwrap_layout_tables(tree)
    meta_tree = copy.deepcopy(tree)
    for node in meta_tree.xpath(_NOT_THE_ARTICLE):
        if node.getparent() is not None:
            node.getparent().remove(node)
    # Dates only from the page's markup (meta tags, JSON-LD, <time>, dated URLs): htmldate's extensive search
    # would also take a year named in the story ("in 2003") as the publication date.
    today = dt.date.today().isoformat()
    meta = trafilatura.extract_metadata(meta_tree, default_url=url or None,
                                        date_config={"original_date": True, "extensive_search": False, "max_date": today})
    doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True, favor_precision=True,
                                      prune_xpath=_WIDGETS)
    if doc is None or not _reads_like_an_article(doc.text or ""):
        return None
    page_url = url or meta.url or _saved_from(raw)
    title = clean_text(meta.title or "").replace("\n", " ").strip()
    lines = [line.strip() for line in clean_text(doc.text).split("\n") if line.strip()]
    if lines and title and lines[0] == title:  # the headline repeated as the body's first line
        lines = lines[1:]
    lines = [line for line in lines if not (_TEASER.match(line) and len(line.split()) <= 25)]
    text, captions = separate_captions("\n\n".join(lines))
    if not text.strip():
        return None
    outlet = meta.sitename or ""
    declared = tree.xpath('//meta[@property="og:site_name" or @name="application-name"]/@content')
    if "." in outlet and not declared and not _DOMAIN.fullmatch(outlet):
        outlet = ""  # trafilatura took a piece of the <title> with a full stop in it ("Growth at 8.1%")
    outlet = outlet or _host(page_url)
    return {
        "title": title, "date": meta.date or None, "outlet": clean_text(outlet).strip(), "url": page_url,
        "author": clean_text(meta.author or "").strip(), "language": _language(tree), "text": text,
        "captions": "\n".join(captions),
    }


def _saved_from(raw: bytes | str) -> str:
    """The address a browser or SingleFile wrote into a saved page's first comment, or ''."""
    head = raw[:4096] if isinstance(raw, bytes) else raw[:4096].encode("utf-8", "replace")
    m = _SAVED_FROM.search(head)
    return (m.group(1) or m.group(2)).decode("ascii", "replace") if m else ""


def _extract(raw: bytes | str, *, url: str = "") -> tuple[dict | None, str]:
    """page_document, with a parser failure on a hostile page turned into a reason instead of a traceback."""
    try:
        doc = page_document(raw, url=url)
    except Exception as exc:  # lxml/trafilatura/htmldate on input they did not expect: name it, skip the page
        return None, f"the HTML extractor failed ({type(exc).__name__}: {str(exc)[:80]})"
    return doc, "" if doc is not None else "no article text"


def _row(rel: str, position: int, doc: dict, *, date_source: str) -> dict:
    return {"source_file": rel, "position": position, "title_source": "page" if doc["title"] else "",
            "source_title": "", **doc, "date_source": date_source}


def read_page_file(path: Path, rel: str) -> dict:
    """The document row of one saved page (.html/.htm, gzipped too); CorpusError when it holds no article."""
    raw = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise CorpusError(f"{path}: cannot be read as gzip ({exc})") from None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(f"{path}: binary file, not an HTML page")
    doc, why = _extract(raw)
    if doc is None:
        raise CorpusError(f"{path}: {why} found (an index, a form or an empty page)" if why == "no article text"
                          else f"{path}: {why}")
    return _row(rel, 0, doc, date_source="page" if doc["date"] else "")


def _is_html(record) -> bool:
    """A successful HTTP response (or a resource record) whose content type is HTML."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if record.rec_type == "response" and not status.startswith("2"):
            return False  # redirects and error pages
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    return ctype.split(";")[0].strip().lower() in _HTML_TYPES


def _charset(record) -> str | None:
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers is not None else "") or ""
    m = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.IGNORECASE)
    return m.group(1) if m else None


def _next_start(fh, pos: int, marker: bytes) -> int | None:
    """Offset of the next `marker` at or after `pos`, reading the file in blocks; None at the end."""
    block, overlap = 1 << 20, len(marker) - 1
    while True:
        fh.seek(pos)
        data = fh.read(block)
        if len(data) < len(marker):
            return None
        found = data.find(marker)
        if found >= 0:
            return pos + found
        pos += len(data) - overlap


def _probe(path: Path) -> tuple[bool, bool, bytes]:
    """(gzipped, gzipped whole rather than record by record, the first bytes of the WARC stream)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
        if not head.startswith(b"\x1f\x8b"):
            return False, False, head[:64]
        fh.seek(0)
        unzip, out = zlib.decompressobj(wbits=31), b""
        while len(out) < 1 << 20 and not unzip.eof:
            data = fh.read(1 << 16)
            if not data:
                break
            try:
                out += unzip.decompress(data, 1 << 20)
            except zlib.error:
                break
    return True, b"\r\n\r\nWARC/" in out, out[:64]


def _html_records(path: Path, problems: list[str]):
    """(offset, url, WARC-Date, content, charset) of each HTML response; a broken record is named in `problems`
    and reading resumes at the next record start (the next gzip member, or the next 'WARC/' line)."""
    from warcio.archiveiterator import ArchiveIterator

    gzipped, whole, head = _probe(path)
    if not head.startswith(b"WARC/"):
        shown = head[:24].decode("latin-1").encode("unicode_escape").decode("ascii")
        raise CorpusError(f"{path}: cannot be read as WARC (it starts with {shown!r}, not 'WARC/')")
    members = gzipped and not whole
    marker = b"\x1f\x8b\x08" if members else b"\r\nWARC/"
    with (gzip.open(path, "rb") if whole else open(path, "rb")) as fh:
        pos, naming = 0, True
        while pos is not None:
            fh.seek(pos)
            records = ArchiveIterator(fh)
            while True:
                try:  # warcio writes its notes on odd records to stderr: keep them off the user's screen
                    with contextlib.redirect_stderr(io.StringIO()):
                        record = next(records, None)
                        if record is None:
                            return
                        start = records.offset
                        html = _is_html(record)
                        content = record.content_stream().read(_MAX_HTML_BYTES + 1) if html else b""
                except Exception as exc:  # warcio raises many kinds (ArchiveLoadFailed, zlib, EOF, header parsing)
                    where = records.offset
                    if naming:  # name a broken record once, not each false start while resynchronising
                        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                        reason = re.sub(r"[^ -~]+", "?", reason)[:100]  # warcio quotes raw bytes of the bad line
                        problems.append(f"{path} record at byte {where:,}"
                                        f"{' of the unzipped stream' if whole else ''}: broken ({reason})")
                        naming = False
                    pos = _next_start(fh, max(where, pos) + 1, marker)
                    if pos is not None and not members:
                        pos += 2
                    break
                naming = True
                if html:
                    yield (start, record.rec_headers.get_header("WARC-Target-URI") or "",
                           record.rec_headers.get_header("WARC-Date") or "", content, _charset(record))


def read_warc_file(path: Path, rel: str) -> tuple[list[dict], list[str]]:
    """Document rows of a WARC file's HTML responses, and the records skipped (no article, broken), named.

    The url is the record's; the date is the page's, else the crawl date (date_source 'crawl').
    """
    rows, problems = [], []
    for offset, url, crawled, content, charset in _html_records(path, problems):
        raw: bytes | str = content
        if charset:
            try:
                raw = content.decode(charset)
            except (LookupError, UnicodeDecodeError):
                raw = content
        doc, why = _extract(raw, url=url) if len(content) <= _MAX_HTML_BYTES else (None, "larger than 20 MB")
        if doc is None:
            problems.append(f"{path} record at byte {offset:,} ({url}): {why}")
            continue
        date_source = "page" if doc["date"] else ""
        if not doc["date"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", crawled[:10]):
            doc["date"], date_source = crawled[:10], "crawl"
        rows.append(_row(rel, len(rows), doc, date_source=date_source))
    return rows, problems


def read_web_file(path: Path, rel: str) -> tuple[list[dict], list[str]]:
    """Rows of a saved page or WARC file, and the WARC records skipped with why (pages raise CorpusError)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return read_warc_file(path, rel)
    return [read_page_file(path, rel)], []
