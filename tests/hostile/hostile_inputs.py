"""Hostile corpora, generated on the fly: each maker writes one input under a folder and returns its path.

Every case says how it must end: "ok" (loaded; `warns` names what a warning must mention, None for no
warning about skipped or guessed input) or "error" (a one-line error whose text must mention `says`).
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

STORY = "The council met on Tuesday and agreed a new budget for the city's schools and roads."
# Text that must stay text wherever it is shown: markup, template syntax, markdown, LaTeX.
MARKUP = {
    "script": '<script>window.__pwned = 1; fetch("https://example.com/x")</script> The council met on Tuesday.',
    "img": '<img src="https://example.com/p.png" onerror="window.__pwned = 2"> The mayor spoke at length today.',
    "template": "{{ 7*7 }} {% for x in y %}{{ x }}{% endfor %} {# note #} The budget passed by a wide margin.",
    "markdown": "# Heading\n\n[click](javascript:window.__pwned=3) **bold** `code` ![i](https://example.com/i.png) The vote was close.",
    "latex": r"$\frac{a}{b}$ \begin{document} $$x^2$$ \(y\) The schools get more money next year, officials said.",
    "entities": "&lt;script&gt; &amp; &#x3C;b&#x3E; </div></td></table></pre> --> ]]> The roads plan was delayed.",
    "attribute": "\" onmouseover=\"window.__pwned=4\" ' onfocus='window.__pwned=5' The plan was published on Monday.",
}


@dataclass
class Case:
    kind: str  # the class it is counted under in docs/robustness.md
    make: Callable[[Path], Path]
    ends: str  # "ok" or "error"
    says: str | None = None  # error text, or text a warning must contain
    slow: bool = False


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def folder(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        write(root / name, data)
    return root


def csv_bytes(rows: list[dict], encoding: str = "utf-8") -> bytes:
    import pandas as pd

    return pd.DataFrame(rows).to_csv(index=False).encode(encoding)


def many_files(root: Path, n: int) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"{i:05d}.txt").write_bytes(f"Note {i}: the committee met and agreed item {i}.".encode())
    return root


def symlink_loop(root: Path) -> Path:
    write(root / "a" / "story.txt", STORY)
    os.symlink("..", root / "a" / "up")  # a -> .. -> a -> ...
    os.symlink("self.txt", root / "self.txt")  # a file link pointing at itself
    return root


def utf16_broken(root: Path) -> Path:
    return write(root / "broken16.txt", b"\xff\xfe" + "Half a story".encode("utf-16-le") + b"\x00\xd8\x41")  # lone surrogate


CASES: dict[str, Case] = {
    # empty input
    "empty folder": Case("empty", lambda p: (p / "e").mkdir(parents=True) or p / "e", "error", "folder is empty"),
    "0-byte file": Case("empty", lambda p: write(p / "zero.txt", b""), "error", "no readable text"),
    "whitespace-only file": Case("empty", lambda p: write(p / "ws.txt", " \n\t\n\u3000\n"), "error", "no readable text"),
    "0-byte and whitespace files beside a story": Case("empty", lambda p: folder(p / "f", {
        "a.txt": STORY, "zero.txt": b"", "ws.md": "   \n\n"}), "ok"),
    "csv with only a header": Case("empty", lambda p: write(p / "h.csv", "id,text\n"), "error", "no readable text"),
    # not text
    "binary file named .txt": Case("binary", lambda p: write(p / "bin.txt", b"\x7fELF\x00\x01\x02" * 50), "error", "binary"),
    "binary .txt in a folder": Case("binary", lambda p: folder(p / "f", {"a.txt": STORY, "b.txt": b"\x00\x01junk"}), "ok", "b.txt"),
    "unsupported files in a folder": Case("binary", lambda p: folder(p / "f", {"a.txt": STORY, "scan.pdf": b"%PDF-1.4",
                                                                               "page.html": "<p>x</p>"}), "ok", "scan.pdf"),
    "gzip that is not gzip": Case("binary", lambda p: write(p / "t.jsonl.gz", b"not gzip at all"), "error", "t.jsonl.gz"),
    "NUL byte after 8 KB": Case("binary", lambda p: write(p / "late.txt", STORY * 120 + "\x00" + STORY), "ok"),
    # encodings
    "invalid UTF-8": Case("encoding", lambda p: write(p / "bad8.txt", STORY.encode() + b" \xc3\x28 \xff end."), "ok", "bad8.txt"),
    "UTF-16 LE with BOM": Case("encoding", lambda p: write(p / "u16le.txt", "\ufeff".encode("utf-16-le") + f"Café {STORY}".encode("utf-16-le")), "ok"),
    "UTF-16 BE with BOM": Case("encoding", lambda p: write(p / "u16be.txt", "\ufeff".encode("utf-16-be") + f"Café {STORY}".encode("utf-16-be")), "ok"),
    "broken UTF-16": Case("encoding", utf16_broken, "error", "not valid UTF-16"),
    "cp1252 CSV": Case("encoding", lambda p: write(p / "cp.csv", csv_bytes([{"id": 1, "text": f"Caf\u00e9 \u201cquoted\u201d {STORY}"}], "cp1252")), "ok", "cp.csv"),
    "Latin-1 CSV": Case("encoding", lambda p: write(p / "l1.csv", "id,text\n1,Na\u00efve r\u00e9sum\u00e9 \x81 of the council budget plan today.\n".encode("latin-1")), "ok", "l1.csv"),
    "cp1252 TSV": Case("encoding", lambda p: write(p / "cp.tsv", f"id\ttext\n1\tCaf\u00e9 {STORY}\n".encode("cp1252")), "ok", "cp.tsv"),
    "CRLF and lone CR line ends": Case("encoding", lambda p: write(p / "cr.txt", f"Title here\r\n\r\n{STORY}\rMore text.\r\n"), "ok"),
    # size
    "50 MB single-line file": Case("size", lambda p: write(p / "huge.txt", ("word " * 10_485_760).encode()), "ok", "max_doc_chars", slow=True),
    "10,000 tiny files": Case("size", lambda p: many_files(p / "many", 10_000), "ok", slow=True),
    "one-document corpus": Case("size", lambda p: write(p / "one.txt", STORY), "ok"),
    "200 identical documents": Case("size", lambda p: folder(p / "same", {f"{i:03d}.txt": STORY for i in range(200)}), "ok"),
    "200 identical rows without ids": Case("size", lambda p: write(p / "same.csv", csv_bytes([{"text": STORY}] * 200)), "ok"),
    # odd content
    "numbers only": Case("content", lambda p: write(p / "n.txt", "1 2 3 4 5 6 7 8 9 10 11 12\n3.14159 2.71828"), "ok"),
    "punctuation only": Case("content", lambda p: folder(p / "f", {"p.txt": "!!! ??? ... --- *** ;;; ,,,", "a.txt": STORY}), "ok"),
    "right-to-left and mixed scripts": Case("content", lambda p: write(p / "rtl.txt", "ראש הממשלה נתניהו said \u202eevil\u202c "
                                                                                      "مرحبا بالعالم 東京 Москва. " + STORY), "ok"),
    "markup, templates, markdown and LaTeX": Case("content", lambda p: folder(p / "m", {f"{k}.txt": v for k, v in MARKUP.items()}), "ok"),
    "markup in a CSV title and outlet": Case("content", lambda p: write(p / "m.csv", csv_bytes([
        {"id": "<b>1</b>", "title": MARKUP["script"], "outlet": MARKUP["img"], "text": STORY},
        {"id": "2", "title": MARKUP["latex"], "outlet": "{{ x }}", "text": MARKUP["attribute"]}])), "ok"),
    "5,000-character titles": Case("content", lambda p: write(p / "t.csv", csv_bytes([{"id": 1, "title": "T" * 5000, "text": STORY}])), "ok"),
    "5,000-character first line in a labelled folder": Case("content", lambda p: folder(p / "lab", {"x/a.txt": "W " * 2500 + "\n\n" + STORY}), "ok"),
    "date line inside an archive post": Case("content", lambda p: write(p / "arch.txt", (
        "Archive for May 2020\n\nIntro before any post.\n\nFirst post\n\nMay 3, 2020\n\n"
        "The deadline was\nMay 10, 2020\nand nobody met it.\n")), "ok"),
    # tables
    "CSV with quoted newlines": Case("table", lambda p: write(p / "q.csv", 'id,text\n1,"line one\nline two, with ""quotes"""\n'), "ok"),
    "CSV without its text column": Case("table", lambda p: write(p / "nt.csv", "id,body_html\n1,x\n"), "error", "no text column"),
    "CSV with duplicate ids": Case("table", lambda p: write(p / "dup.csv", csv_bytes([{"id": 1, "text": STORY}, {"id": 1, "text": STORY}])), "error", "duplicate"),
    "ragged CSV": Case("table", lambda p: write(p / "rag.csv", 'id,text\n1,"a\n2,b,c,d\n'), "error", "rag.csv"),
    "JSONL with a broken line": Case("table", lambda p: write(p / "b.jsonl", json.dumps({"id": 1, "text": STORY}) + "\n{broken\n"
                                                               + json.dumps({"id": 2, "text": STORY + " Again."}) + "\n"), "ok", "line 2"),
    "JSONL with every line broken": Case("table", lambda p: write(p / "all.jsonl", "{x\n[1,2]\n"), "error", "all.jsonl"),
    "JSONL.gz with a broken line": Case("table", lambda p: write(p / "b.jsonl.gz", gzip.compress(
        (json.dumps({"id": 1, "text": STORY}) + "\nnot json\n").encode())), "ok", "b.jsonl.gz"),
    # dates
    "malformed dates": Case("dates", lambda p: write(p / "d.csv", csv_bytes([{"id": 1, "date": "32/13/2020", "text": STORY},
                                                                              {"id": 2, "date": "yesterday-ish", "text": STORY + " More."}])), "ok", "dates could not be parsed"),
    "future and out-of-range dates": Case("dates", lambda p: write(p / "f.csv", csv_bytes([{"id": 1, "date": "2099-01-01", "text": STORY},
                                                                                           {"id": 2, "date": "9999-12-31", "text": STORY + " B."},
                                                                                           {"id": 3, "date": "0001-01-01", "text": STORY + " C."}])), "ok", "dates could not be parsed"),
    # file system
    "symlink loops": Case("filesystem", symlink_loop, "ok", "symlink loop"),
    "missing path": Case("filesystem", lambda p: p / "nope", "error", "no such file"),
}
