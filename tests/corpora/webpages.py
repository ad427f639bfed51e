"""Saved news pages and a WARC crawl made from BBC stories, with the truth each page was built from.

Six made-up outlets in three page templates, as scraped news looks: head metadata (OpenGraph, JSON-LD, or
little more than a <title>), a navigation menu, a cookie banner, share buttons, a newsletter promo, related
and most-read links (headlines of other stories), a comments section with timestamps, and a footer. The truth
for each page: the article's title and body, its date, outlet, url, author and language. Used by
tests/corpus/test_web.py (a handful of pages) and benchmarks/webpages.py (hundreds).
"""
from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import json
import random
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

NAV = ["Home", "News", "World", "UK", "Business", "Politics", "Technology", "Science", "Health", "Sport",
       "Entertainment & Arts", "Travel", "Weather", "Podcasts"]
FOOTER = ["About us", "Contact us", "Terms of use", "Privacy policy", "Cookies", "Accessibility help",
          "Advertise with us", "Careers", "Complaints", "Subscribe", "Sitemap", "RSS feeds"]
AUTHORS = ["Helen Marsh", "Tomasz Wierzbicki", "Priya Raghavan", "Owen Llewellyn", "Grace Achterberg",
           "Samuel Okonkwo", "Ines Carvalho", "Martin Dunleavy"]
COMMENTERS = ["jbrown77", "RiversideReader", "kat_h", "OldSchoolEconomist", "mike.d", "NorthernSoul"]
COMMENTS = [
    "Interesting piece, but it leaves out what happened last year when the same thing was tried.",
    "I have been saying this for months and nobody listened. About time someone wrote it up properly.",
    "Completely one-sided reporting as usual. Where is the other side of the story?",
    "Does anyone know whether this applies outside the capital as well?",
    "Great article, shared it with my whole family over the weekend.",
    "The figures quoted here do not match what the minister said on the radio this morning.",
]
CAPTIONS = ["The announcement was made at a press conference on Tuesday",
            "Officials said more details would follow later in the week", "Crowds gathered outside the building",
            "The figures were published in the annual report"]
OUTLETS = [  # name, host, template; the C outlets declare no site name, so their outlet is the host
    ("The Northern Ledger", "www.northernledger.co.uk", "a"),
    ("Westbridge Courier", "www.westbridgecourier.com", "a"),
    ("Daily Meridian", "www.dailymeridian.com", "b"),
    ("Eastport Gazette", "news.eastportgazette.org", "b"),
    ("harbourpost.net", "www.harbourpost.net", "c"),
    ("valleytimes.info", "valleytimes.info", "c"),
]


@dataclass
class Story:
    key: str  # category/NNN
    title: str
    paragraphs: list[str]


@dataclass
class Page:
    name: str  # file name
    html: str
    title: str
    body: str
    date: str  # YYYY-MM-DD ("" when the page gives none)
    outlet: str
    url: str
    author: str
    language: str
    key: str = ""
    template_text: list[str] = field(default_factory=list)  # what the template adds around the story
    captions: list[str] = field(default_factory=list)  # photo captions on the page (not story text)
    layout: str = ""  # the template: a, b, b-hashed (class names hashed), c


def read_stories(bbc_dir: Path, *, n: int, seed: int = 0) -> list[Story]:
    """`n` BBC stories picked with `seed` (first line title, blank-line paragraphs)."""
    files = sorted(Path(bbc_dir).glob("*/*.txt"))
    stories = []
    for path in sorted(random.Random(seed).sample(files, n)):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        title, _, rest = html.unescape(text).strip().partition("\n")  # a few BBC files keep entities ("&#163;")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", rest) if p.strip()]
        stories.append(Story(f"{path.parent.name}/{path.stem}", title.strip(), paragraphs))
    return stories


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def _links(items: list[str], cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/{_slug(t)}">{html.escape(t)}</a></li>' for t in items) + "</ul>"


def _mega_menu() -> str:
    """A navigation menu with a panel of sub-section links under each section, as big sites have."""
    return '<ul class="mega-menu">' + "".join(
        f'<li class="menu-item"><a href="/{_slug(n)}">{html.escape(n)}</a><div class="panel"><ul>'
        + "".join(f'<li><a href="/{_slug(n)}/{k}">{html.escape(n)} {word}</a></li>' for k, word in enumerate(SUBSECTIONS))
        + "</ul></div></li>" for n in NAV) + "</ul>"


SUBSECTIONS = ["latest", "analysis", "explainers", "in pictures", "video", "opinion", "live", "archive"]
_ICON = ('<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M12 2C6.48 2 2 6.48 2 12'
         's4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z"/></svg>')
_STYLE = "<style>" + "".join(f".c{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}px;color:#{i * 2654435761 % 0xFFFFFF:06x};"
                             f"font:{12 + i % 6}px/1.4 Georgia,serif}}" for i in range(250)) + "</style>"
_TRACKING = ("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
             "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='/gtm.js?id='+i;"
             "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-XXXX');</script>")


def _comments(rng: random.Random, day: dt.date, n: int) -> tuple[str, list[str]]:
    parts, words = [], []
    for i in range(n):
        who, said = rng.choice(COMMENTERS), rng.choice(COMMENTS)
        when = day + dt.timedelta(days=1 + i)
        parts.append(f'<div class="comment"><p class="comment-meta"><span class="user">{who}</span> '
                     f'<time datetime="{when.isoformat()}T18:0{i}:00Z">{when:%d %B %Y} 18:0{i}</time></p>'
                     f"<p>{html.escape(said)}</p><p><a href=\"#reply\">Reply</a> · <a href=\"#report\">Report</a></p></div>")
        words += [who, f"{when:%d %B %Y} 18:0{i}", said, "Reply Report"]
    return "".join(parts), words


def _page(story: Story, outlet: tuple[str, str, str], *, day: dt.date, author: str, others: list[str],
          rng: random.Random) -> Page:
    name, host, template = outlet
    title = html.escape(story.title)
    comments, comment_words = _comments(rng, day, rng.randint(2, 4))
    related, most_read = others[:4], others[4:8]
    nav, footer = _mega_menu(), _links(FOOTER, "footer-links")
    cookie = ('<div id="cookie-banner" class="cookie-consent"><p>We use cookies to give you the best experience '
              'on our website and to show you relevant advertising. By continuing you agree to our use of cookies.</p>'
              '<button>Accept all cookies</button> <button>Manage settings</button></div>')
    share = (f'<div class="share-tools"><span>Share this story</span> <a href="#fb">{_ICON}Facebook</a> '
             f'<a href="#tw">{_ICON}Twitter</a> <a href="#wa">{_ICON}WhatsApp</a> <a href="#mail">{_ICON}Email</a></div>')
    caption = f"{rng.choice(CAPTIONS)} ({rng.choice(['Photo: Reuters', 'AFP/Getty Images', 'Photo: AP'])})"
    ps = [f"<p>{html.escape(p)}</p>" for p in story.paragraphs]
    template_text = [" ".join(NAV), " ".join(f"{n} {w}" for n in NAV for w in SUBSECTIONS), " ".join(FOOTER), "We use cookies to give you the best experience on our website "
                     "and to show you relevant advertising. By continuing you agree to our use of cookies. "
                     "Accept all cookies Manage settings", "Share this story Facebook Twitter WhatsApp Email",
                     *related, *most_read, *comment_words]
    lang = rng.choice(["en", "en-GB"])
    number = story.key.replace("/", "-")
    if template == "a":  # OpenGraph, canonical, article:published_time, <article> markup
        url = f"https://{host}/news/{story.key.split('/')[0]}/{day:%Y/%m/%d}/{_slug(story.title)}"
        head = (f'<title>{title} | {name}</title><link rel="canonical" href="{url}">'
                f'<meta property="og:title" content="{title}"><meta property="og:url" content="{url}">'
                f'<meta property="og:site_name" content="{name}"><meta property="og:type" content="article">'
                f'<meta property="article:published_time" content="{day.isoformat()}T0{rng.randint(6, 9)}:15:00+00:00">'
                f'<meta name="author" content="{author}"><meta name="description" content="{html.escape(story.paragraphs[0][:150])}">')
        body = (f'<header class="site-header"><a class="logo" href="/">{name}</a><nav>{nav}</nav></header>{cookie}'
                f'<main><article><header><h1>{title}</h1><p class="byline">By <a rel="author" href="/staff">{author}</a>'
                f' · <time datetime="{day.isoformat()}">{day:%d %B %Y}</time></p></header>'
                f'<div class="article-body">{ps[0]}<figure class="lead-image"><img src="/img/{number}.jpg" alt="">'
                f'<figcaption>{html.escape(caption)}</figcaption></figure>{"".join(ps[1:3])}'
                f'<div class="ad-slot"><span>Advertisement</span><div id="div-gpt-ad-{number}"></div></div>'
                f'{"".join(ps[3:])}<div class="topic-list"><h3>Related topics</h3>'
                f'{_links([story.key.split("/")[0].title(), "Economy", "Europe"], "topics")}</div></div>{share}</article>'
                f'<aside class="related"><h2>Related stories</h2>{_links(related, "related-list")}</aside>'
                f'<section id="comments" class="comments"><h2>Comments</h2>{comments}</section>'
                f'<aside class="most-read"><h2>Most read</h2>{_links(most_read, "most-read-list")}</aside></main>'
                f'<footer class="site-footer">{footer}<p>© 2005 {name}. All rights reserved.</p></footer>')
        template_text += ["Related stories", "Most read", "Comments", f"© 2005 {name}. All rights reserved.",
                          "Advertisement", "Related topics", story.key.split("/")[0].title(), "Economy Europe"]
        captions = [caption]
    elif template == "b":  # JSON-LD NewsArticle, canonical, <title>Headline - Outlet</title>, div layout
        url = f"https://{host}/{day:%Y/%m/%d}/{_slug(story.title)}-{number}"
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title, "mainEntityOfPage": url,
              "datePublished": f"{day.isoformat()}T11:{rng.randint(10, 59)}:00Z",
              "dateModified": f"{(day + dt.timedelta(days=2)).isoformat()}T08:00:00Z",
              "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": name}}
        head = (f'<title>{title} - {name}</title><link rel="canonical" href="{url}">'
                f'<script type="application/ld+json">{json.dumps(ld)}</script>')
        promo = ('<div class="newsletter-promo"><h3>Get the Morning Briefing</h3><p>Sign up for our free newsletter '
                 'and start every weekday with the stories that matter.</p><form action="/subscribe" method="post">'
                 '<input type="email" name="email" placeholder="Your email address"><button type="submit">Sign up'
                 '</button></form></div>')
        mid = len(story.paragraphs) // 2
        read_more = f'<p class="read-more"><strong>Read more:</strong> <a href="/{_slug(others[8])}">{html.escape(others[8])}</a></p>'
        body_paras = "".join(ps[:1]) + read_more + "".join(ps[1:mid]) + promo + "".join(ps[mid:])
        state = json.dumps({"props": {"article": {"headline": story.title, "body": story.paragraphs},
                                      "related": [{"title": t, "url": "/" + _slug(t)} for t in others]}})
        head += f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
        body = (f'<div id="top-bar">{cookie}</div><div class="header"><div class="brand">{name}</div>'
                f'<div class="menu" role="navigation">{nav}</div></div><div class="container"><div class="content">'
                f'<h1 class="story-headline">{title}</h1><div class="story-meta">By {author}</div>{share}'
                f'<div class="story-body">{body_paras}</div><div class="more-on-this"><h2>You may also like</h2>'
                f'{_links(related, "teasers")}</div><div class="comments-thread"><h3>Reader comments</h3>{comments}</div>'
                f'</div><div class="sidebar"><h2>Most read</h2>{_links(most_read, "popular")}</div></div>'
                f'<div class="footer">{footer}<p>{name} is not responsible for the content of external sites.</p></div>')
        template_text += ["Get the Morning Briefing", "Sign up for our free newsletter and start every weekday with "
                          "the stories that matter. Sign up", "You may also like", "Reader comments", "Most read",
                          f"{name} is not responsible for the content of external sites.", "By", "Read more:", others[8]]
        captions = []
    elif template == "d":  # a 2005 page saved from the browser: table layout, no OpenGraph, no <h1>, no lang
        cat = story.key.split("/")[0]
        url = f"http://{host}/1/hi/{cat}/{4000000 + int(story.key.split('/')[1])}.stm"
        head = (f'<title>NEP NEWS | {cat.title()} | {title}</title><meta name="Headline" content="{title}">'
                f'<meta name="Section" content="{cat.title()}"><meta name="OriginalPublicationDate" '
                f'content="{day:%Y/%m/%d} 10:23:45"><meta name="Description" content="{html.escape(story.paragraphs[0][:150])}">')
        see_also = "".join(f'<a href="/1/hi/{_slug(t)}.stm">{html.escape(t)}</a><br>' for t in related)
        top = "".join(f'<a href="/1/hi/{_slug(t)}.stm">{html.escape(t)}</a><br>' for t in most_read)
        left = "".join(f'<a href="/{_slug(n)}">{html.escape(n)}</a><br>' for n in NAV)
        body = (f'<table width="100%" cellpadding="0"><tr><td colspan="2" class="banner"><a href="/">{name}</a> | '
                f'<a href="/sport">Sport</a> | <a href="/weather">Weather</a></td></tr><tr><td class="leftnav" valign="top" '
                f'width="120">{left}</td><td valign="top"><table><tr><td class="lu">Last Updated: {day:%A, %d %B, %Y}, '
                f'10:23 GMT</td></tr></table><table><tr><td><a href="#mail">E-mail this to a friend</a> <a href="#print">'
                f'Printable version</a></td></tr></table><b class="headline"><font size="4">{title}</font></b><br>{"".join(ps)}'
                f'<table class="seealso"><tr><td><b>SEE ALSO:</b><br>{see_also}<b>RELATED INTERNET LINKS:</b><br>'
                f'<a href="http://www.example.gov.uk">Northshire County Council</a><br><p class="disclaimer">{name} is not '
                f'responsible for the content of external internet sites</p></td></tr></table><b>TOP {cat.upper()} STORIES '
                f'NOW</b><br>{top}</td></tr></table><table><tr><td class="footer">{" | ".join(FOOTER)} | © MMV</td></tr></table>')
        template_text += ["Last Updated:", f"{day:%A, %d %B, %Y}, 10:23 GMT", "E-mail this to a friend Printable version",
                          "SEE ALSO:", "RELATED INTERNET LINKS: Northshire County Council",
                          f"{name} is not responsible for the content of external internet sites", f"TOP {cat.upper()} STORIES NOW"]
        captions, author, lang = [], "", ""
    else:  # little head metadata: <title>, og:title, og:url; the date only in the byline's <time>
        url = f"https://{host}/story/{number}"
        head = (f'<title>{title} | {name}</title><meta property="og:title" content="{title}">'
                f'<meta property="og:url" content="{url}"><meta name="viewport" content="width=device-width">')
        body = (f'{cookie}<div class="topnav">{nav}</div><div class="wrap"><div class="post">'
                f'<h1>{title}</h1><div class="post-info">Posted by <span class="author">{author}</span> on '
                f'<time datetime="{day.isoformat()}T14:00:00+01:00">{day:%A, %d %B %Y}</time></div>'
                f'<div class="entry">{ps[0]}<div class="wp-caption"><img src="/wp-content/uploads/{number}.jpg" alt="">'
                f'<p class="wp-caption-text">{html.escape(caption)}</p></div>{"".join(ps[1:])}'
                f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
                f'<ul><li><a class="share-twitter" href="#">Twitter</a></li><li><a class="share-facebook" href="#">'
                f'Facebook</a></li></ul></div><div id="jp-relatedposts" class="jp-relatedposts"><h3>Like this:</h3>'
                f'<p>Like Loading...</p></div></div>{share}<div class="tags">Tags: <a href="/tag/news">news</a> '
                f'<a href="/tag/{story.key.split("/")[0]}">{story.key.split("/")[0]}</a></div></div>'
                f'<div class="related-posts"><h3>Related posts</h3>{_links(related, "rel")}</div>'
                f'<div id="comments"><h3>{len(comment_words) // 4} Responses</h3>{comments}</div></div>'
                f'<div class="footer">{footer}<p>Powered by WordPress</p></div>')
        template_text += ["Related posts", "Responses", "Tags: news", "Powered by WordPress", "Posted by",
                          "Share this: Twitter Facebook", "Like this: Like Loading..."]
        captions = [caption]
    layout = template
    if template == "b" and rng.random() < 0.5:  # a build tool's hashed class names: no "comments" or "sidebar" hints
        layout = "b-hashed"
        body = hashed_classes(body)
    saved = f"<!-- saved from url=({len(url):04d}){url} -->\n" if template == "d" else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    page = (f'{saved}<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8">{head}'
            f'<link rel="stylesheet" href="/static/site.css">{_STYLE}{_TRACKING}</head><body>{body}'
            f'<script>window.dataLayer = window.dataLayer || [];</script></body></html>')
    return Page(name=f"{number}.html", html=page, title=story.title, body="\n\n".join(story.paragraphs),
                date=day.isoformat(), outlet=name, url=url, author=author, language="en" if lang else "", key=story.key,
                template_text=template_text, captions=captions, layout=layout)


def hashed_classes(markup: str) -> str:
    """Every class and id replaced by a hash, as CSS-module build tools do: no "comments" or "sidebar" to go by."""
    return re.sub(r'(class|id)="([^"]*)"', lambda m: f'{m[1]}="css-{zlib.crc32(m[2].encode()):08x}"', markup)


# Held out: a fourth template the extraction was not tuned on (benchmarks/webpages.py reports it apart).
HELD_OUT = [("news.northshirepost.co.uk", "news.northshirepost.co.uk", "d")]


def make_pages(stories: list[Story], *, seed: int = 0, outlets: list[tuple[str, str, str]] = OUTLETS) -> list[Page]:
    """One page per story, outlets and dates (2004-2005) drawn with `seed`; related links name other stories."""
    rng = random.Random(seed)
    titles = [s.title for s in stories]
    pages = []
    for i, story in enumerate(stories):
        day = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(730))
        others = [titles[(i + k) % len(titles)] for k in range(1, 10)] if len(titles) > 9 else rng.sample(ARCHIVE_HEADLINES, 9)
        pages.append(_page(story, outlets[i % len(outlets)], day=day, author=rng.choice(AUTHORS), others=others, rng=rng))
    return pages


ARCHIVE_HEADLINES = [
    "Council approves new harbour bridge plan", "Rail fares to rise by 4% in January", "Storm warning for the coast",
    "Local school wins national award", "Hospital waiting lists fall again", "Fuel prices hit record high",
    "New stadium opens to the public", "Museum returns stolen paintings", "Airport expansion delayed",
    "Jobless total drops for third month",
]


def index_page(outlet: tuple[str, str, str] = OUTLETS[0], headlines: list[str] = ARCHIVE_HEADLINES) -> str:
    """A section front: navigation, cookie banner and a list of headline links, no article."""
    name, host, _ = outlet
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>News | {name}</title>'
            f'<meta property="og:site_name" content="{name}"></head><body><nav>{_links(NAV, "nav-menu")}</nav>'
            f'<h1>Latest news</h1>{_links(headlines, "headlines")}<footer>{_links(FOOTER, "footer")}</footer></body></html>')


def write_pages(folder: Path, pages: list[Page], *, gzip_every: int = 0) -> list[Path]:
    """Each page as `<name>` (every `gzip_every`-th as `<name>.gz`, when set); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, page in enumerate(pages):
        data = page.html.encode("utf-8")
        if gzip_every and i % gzip_every == 0:
            path = folder / f"{page.name}.gz"
            path.write_bytes(gzip.compress(data, mtime=0))
        else:
            path = folder / page.name
            path.write_bytes(data)
        paths.append(path)
    return paths


def undated(page: Page) -> Page:
    """The page with every date taken out of its markup (the WARC's crawl date is then the only one)."""
    text = re.sub(r'<meta property="article:published_time"[^>]*>', "", page.html)
    text = re.sub(r'"date(Published|Modified)": "[^"]*", ', "", text)
    text = re.sub(r"<time[^>]*>[^<]*</time>", "", text)
    text = re.sub(r"/\d{4}/\d{2}/\d{2}/", "/", text)
    url = re.sub(r"/\d{4}/\d{2}/\d{2}/", "/", page.url)
    return Page(**{**page.__dict__, "html": text, "url": url, "date": ""})


def warc_bytes(pages: list[Page], *, crawl_day: dt.date = dt.date(2006, 1, 15), extra_html: list[tuple[str, str]] = (),
               broken_after: int | None = None) -> bytes:
    """A gzipped WARC of the pages: a request and an HTTP response record each, a PNG response, any `extra_html`
    (url, html) responses, and, when `broken_after` is set, a record with a mangled header after that page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    stamp = f"{crawl_day.isoformat()}T10:00:00Z"

    def response(url: str, payload: bytes, ctype: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(payload)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(
            f"GET {url} HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()), warc_headers_dict={"WARC-Date": stamp}))
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": stamp}))

    for i, page in enumerate(pages):
        response(page.url, page.html.encode("utf-8"), "text/html; charset=utf-8")
        if i == 0:
            response(f"https://{page.url.split('/')[2]}/static/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        if broken_after is not None and i == broken_after:
            member = io.BytesIO()
            WARCWriter(member, gzip=False).write_record(writer.create_warc_record(
                "https://broken.example/page", "response", payload=io.BytesIO(b"<html>lost</html>"),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
            out.write(gzip.compress(member.getvalue().replace(b"WARC/1.", b"WARX/9.", 1), mtime=0))
    for url, text in extra_html:
        response(url, text.encode("utf-8"), "text/html")
    return out.getvalue()


def score(corpus, pages: list[Page]) -> dict:
    """Loaded documents against the pages they came from (matched by url): article-word recall, the share of
    output words that are not the article's (template words), and the share of pages with each field right."""
    import collections
    import unicodedata

    from newslab.corpus.textparse import tokenize

    def words(text: str) -> collections.Counter:
        return collections.Counter(tokenize(unicodedata.normalize("NFC", text)))

    by_url = {row["url"]: row for row in corpus.to_dict("records")}
    kept = recalled = out = extra = 0
    right = collections.Counter()
    for page in pages:
        row = by_url.get(page.url)
        truth = words(page.body)
        kept += sum(truth.values())
        if row is None:
            continue
        got = words(row["text"])
        recalled += sum((truth & got).values())
        out += sum(got.values())
        extra += sum((got - truth).values())
        date = row["date"].date().isoformat() if row["date"] == row["date"] and row["date"] is not None else ""
        right["title"] += row["title"] == page.title
        right["date"] += date == page.date if page.date else row.get("date_source") == "crawl"  # flagged fallback
        right["outlet"] += row["outlet"] == page.outlet
        right["url"] += 1
        right["author"] += row.get("author") == page.author
        right["language"] += row.get("language") == page.language
        right["captions"] += sorted(filter(None, row["captions"].split("\n"))) == sorted(page.captions)
    n = len(pages)
    return {"pages": n, "documents": len(corpus), "recall": recalled / max(kept, 1), "template_share": extra / max(out, 1),
            **{f"{field}_right": right[field] / n for field in
               ("title", "date", "outlet", "url", "author", "language", "captions")}}
