"""The machinery of the real-world-looking corpora: BBC stories, the Planted tables, texts assembled with exact spans."""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from realworld_templates import (CITIES, CREDITS, EDIT_WORDS, EDITIONS, HOUSE, KINDS, REASONS,
                                 REPORTERS, STYLES)

BBC_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "bbc" / "articles"
MINUTES_PER_DAY = 24 * 60
EMPTY = {
    "spans": ["doc_id", "outlet", "kind", "start", "end", "text"],
    "copies": ["doc_id", "source_doc_id", "edited"],
    "wires": ["passage_id", "doc_id", "outlet", "source_doc_id"],
    "groups": ["outlet", "group"],
    "lags": ["doc_id", "source_doc_id", "lag_hours"],
}


def empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=EMPTY[name])


@dataclass
class Planted:
    """A generated corpus (`docs`) and the truth of what was planted in it."""

    docs: pd.DataFrame
    spans: pd.DataFrame
    copies: pd.DataFrame
    outlets: pd.DataFrame
    wires: pd.DataFrame = field(default_factory=lambda: empty_table("wires"))
    groups: pd.DataFrame = field(default_factory=lambda: empty_table("groups"))
    lags: pd.DataFrame = field(default_factory=lambda: empty_table("lags"))

    def write_jsonl(self, path) -> Path:
        """One JSON line per document (id, outlet, date, title, text, label, story_id), as a scraper would save."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        cols = ["doc_id", "outlet", "date", "title", "text", "label", "story_id"]
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for row in self.docs[cols].itertuples(index=False):
                record = dict(zip(["id"] + cols[1:], row))
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path

    def write_folder(self, path) -> Path:
        """OUTLET/NNN.txt per document, the title on the first line (newslab reads the sub-folder as `label`)."""
        path = Path(path)
        for doc_id, title, text in self.docs[["doc_id", "title", "text"]].itertuples(index=False):
            file = path / f"{doc_id}.txt"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(f"{title}\n\n{text}\n", encoding="utf-8", newline="\n")
        return path

    def truth(self, path) -> Path:
        """The truth tables as CSV in folder `path`: documents (with credits), spans, copies, outlets, wires, groups, lags."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        cols = ["doc_id", "outlet", "date", "label", "story_id", "credits"]
        self.docs[cols].to_csv(path / "documents.csv", index=False, lineterminator="\n")
        for name in ("spans", "copies", "outlets", "wires", "groups", "lags"):
            table = getattr(self, name)
            if name in ("spans", "copies", "outlets", "wires") or len(table):
                table.to_csv(path / f"{name}.csv", index=False, lineterminator="\n")
        return path


def bbc_stories(root=None, *, per_label=None, seed=0, drop_duplicates=False) -> pd.DataFrame:
    """BBC News stories (story_id, label, title, text with paragraphs joined by blank lines), optionally sampled."""
    root = Path(root) if root is not None else BBC_ROOT
    if not root.is_dir():
        raise FileNotFoundError(f"BBC articles not found at {root}")
    rows = []
    for file in sorted(root.glob("*/*.txt")):
        raw = file.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:  # sport/199.txt
            content = raw.decode("cp1252")
        lines = content.replace("\r\n", "\n").split("\n")
        paras, current = [], []
        for line in lines[1:] + [""]:
            if line.strip():
                current.append(line.strip())
            elif current:
                paras.append(" ".join(current))
                current = []
        rows.append({"story_id": f"{file.parent.name}/{file.stem}", "label": file.parent.name,
                     "title": lines[0].strip(), "text": "\n\n".join(paras)})
    stories = pd.DataFrame(rows, columns=["story_id", "label", "title", "text"])
    stories = stories[stories["text"].str.split().str.len() >= 30]
    if drop_duplicates:
        stories = stories.drop_duplicates("text")
    if per_label is not None:
        rng = np.random.default_rng(seed)
        keep = [g.index[np.sort(rng.choice(len(g), min(per_label, len(g)), replace=False))]
                for _, g in stories.groupby("label", sort=True)]
        stories = stories.loc[np.concatenate(keep)]
    return stories.reset_index(drop=True)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def passage_window(rng, paras: list[str]) -> tuple[int, int] | None:
    """A window of one or two consecutive paragraphs holding 30-120 words, (first, count), or None."""
    windows = [(i, n) for n in (1, 2) for i in range(len(paras) - n + 1)
               if 30 <= sum(len(p.split()) for p in paras[i:i + n]) <= 120]
    return windows[rng.integers(len(windows))] if windows else None


def edit_words(rng, paras: list[str]) -> list[str]:
    """The paragraphs with two to four words inserted at random places (a light sub-editing)."""
    paras = list(paras)
    for _ in range(int(rng.integers(2, 5))):
        i = int(rng.integers(len(paras)))
        words = paras[i].split(" ")
        at = int(rng.integers(1, len(words) + 1))
        paras[i] = " ".join(words[:at] + [EDIT_WORDS[rng.integers(len(EDIT_WORDS))]] + words[at:])
    return paras


def _slug(name: str) -> str:
    return "-".join(w for w in name.lower().replace("the ", "", 1).replace("-", " ").split())


def _fill(template: str, rng, when: pd.Timestamp, outlet: str, abbr: str, credits: tuple, used: set) -> str:
    """A boilerplate template with its varying parts drawn for one story (agencies credited are added to `used`)."""
    city = CITIES[rng.integers(len(CITIES))]
    people = [REPORTERS[i] for i in rng.choice(len(REPORTERS), int(rng.integers(1, 3)), replace=False)]
    agencies = sorted(credits[i] for i in rng.choice(len(credits), int(rng.integers(1, len(credits) + 1)), replace=False))
    if "{credits}" in template:
        used.update(agencies)
    return template.format(
        outlet=outlet, abbr=abbr, CITY=city.upper(), City=city, month=when.strftime("%B"), day=when.day,
        weekday=when.strftime("%A"), year=when.year, time=when.strftime("%H:%M"), authors=" and ".join(people),
        initials="/".join("".join(w[0] for w in p.split()).lower() for p in people), credits=", ".join(agencies),
        edition=EDITIONS[rng.integers(len(EDITIONS))], page=int(rng.integers(2, 40)),
        reason=REASONS[rng.integers(len(REASONS))])


def _boilerplate(rng, style: dict, body: list, when, outlet, abbr, credits, newsletter_share, used: set) -> list:
    """The body (paragraphs of (text, tag) segments) dressed in an outlet's boilerplate, each piece tagged."""
    def piece(kind):
        text = _fill(style[kind][0], rng, when, outlet, abbr, credits, used)
        n = next(serial)  # a separator after a dateline is removed with it but is not part of its span
        return [(text.rstrip(), (kind, n))] + ([(text[len(text.rstrip()):], ("sep", n))] if text[-1].isspace() else [])

    serial = itertools.count()

    wanted = [k for k in KINDS if style.get(k)]
    if "newsletter" in wanted and rng.random() >= newsletter_share:
        wanted.remove("newsletter")
    if "editor_note" in wanted and rng.random() >= 0.05:
        wanted.remove("editor_note")
    paras = [list(p) for p in body]
    if "dateline" in wanted:
        paras[0] = piece("dateline") + paras[0]
    cuts = [i for i in range(1, len(body)) if not (body[i - 1][-1][1] == body[i][0][1] and body[i][0][1]
                                                    and body[i][0][1][0] == "wire_passage")]
    top, bottom = [], []
    for kind in ("editor_note", "byline", "share_bar", "newsletter", "footer", "edition_footer"):
        if kind not in wanted:
            continue
        place = style[kind][1]
        if place == "middle" and cuts:
            at = cuts[int(rng.integers(len(cuts)))]
            paras.insert(at, piece(kind))
            cuts = [c + (c >= at) for c in cuts if c != at]
        else:
            (top if place == "top" else bottom).append(piece(kind))
    return top + paras + bottom


def _house(rng, house: dict, paras: list) -> list:
    """The paragraphs with the outlet's section kicker on top and one or two of its house sentences after body
    paragraphs (never inside a wire passage or a copied body's span), each tagged ("section" or "house")."""
    serial = itertools.count()
    paras = [list(p) for p in paras]
    plain = [i for i, p in enumerate(paras) if p[-1][1] is None]
    for i in sorted(rng.choice(plain, min(len(plain), int(rng.integers(1, 3))), replace=False).tolist()) if plain else []:
        n = next(serial)
        paras[i] += [(" ", ("sep", n)), (house["phrases"][rng.integers(len(house["phrases"]))], ("house", n))]
    return [[(house["sections"][rng.integers(len(house["sections"]))], ("section", next(serial)))]] + paras


def _assemble(paras: list) -> tuple[str, str, list]:
    """Text, clean text and tagged spans [(tag, start, end)] of paragraphs made of (text, tag) segments."""
    text, clean, spans = [], [], []
    pos = 0
    for p, segments in enumerate(paras):
        if p:
            text.append("\n\n")
            pos += 2
        kept = "".join(s for s, tag in segments if not tag or tag[0] in ("wire_passage", "copy"))
        if kept:
            clean.append(kept)
        for s, tag in segments:
            if tag and tag[0] != "sep":
                if spans and spans[-1][0] == tag and spans[-1][2] == pos - 2 and segments[0][1] == tag:
                    spans[-1][2] = pos + len(s)
                else:
                    spans.append([tag, pos, pos + len(s)])
            text.append(s)
            pos += len(s)
    return "".join(text), "\n\n".join(clean), spans


def finish(docs: list, names: list, stories: pd.DataFrame, start, *, styles=None, boilerplate=False,
            seed=0, newsletter_share=1 / 3, house_vocabulary=False) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Ids by outlet and time, texts assembled with boilerplate; (docs table, spans table, build index → doc_id)."""
    t0 = pd.Timestamp(start)
    order = sorted(range(len(docs)), key=lambda i: (docs[i]["outlet"], docs[i]["minute"], i))
    rng = np.random.default_rng([seed, 1])
    house_rng = np.random.default_rng([seed, 3])  # its own stream: the rest is the same with or without it
    rows, spans, ids, counts = [], [], {}, {}
    width = max(3, len(str(max([sum(d["outlet"] == o for d in docs) for o in range(len(names))] + [1]))))
    for i in order:
        d = docs[i]
        name, abbr = names[d["outlet"]]
        counts[name] = counts.get(name, 0) + 1
        ids[i] = f"{_slug(name)}/{counts[name]:0{width}d}"
        when = t0 + pd.Timedelta(minutes=int(d["minute"]))
        paras, used = [[seg] for seg in d["paras"]], set()
        if boilerplate:
            k = d["outlet"] % len(styles)
            paras = _boilerplate(rng, styles[k], paras, when, name, abbr, CREDITS[k], newsletter_share, used)
        if house_vocabulary:
            paras = _house(house_rng, HOUSE[d["outlet"] % len(HOUSE)], paras)
        text, clean, found = _assemble(paras)
        story = stories.iloc[d["story"]]
        rows.append({"doc_id": ids[i], "outlet": name, "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
                     "title": story["title"], "text": text, "label": story["label"],
                     "story_id": story["story_id"], "clean_text": clean,
                     "credits": ", ".join(sorted(used))})
        spans += [{"doc_id": ids[i], "outlet": name, "kind": tag[0], "start": a, "end": b, "text": text[a:b]}
                  for tag, a, b in found]
    return pd.DataFrame(rows), pd.DataFrame(spans, columns=EMPTY["spans"]), ids


def outlet_table(names: list, styles) -> pd.DataFrame:
    rows = []
    for k, (name, abbr) in enumerate(names):
        style = styles[k % len(styles)] if styles else {}
        row = {"outlet": name, "abbr": abbr, "credits": ", ".join(CREDITS[k % len(CREDITS)]) if styles else ""}
        row.update({kind: style[kind][0] if style.get(kind) else "" for kind in KINDS})
        row["placement"] = "; ".join(f"{kind}:{style[kind][1]}" for kind in KINDS if style.get(kind))
        rows.append(row)
    return pd.DataFrame(rows)


def cut_masks(docs: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per document, which characters of the text as published (`raw_text`) the loader cut (`boilerplate_spans`):
    what the boilerplate measures compare with the planted spans."""
    masks = {}
    for doc_id, raw, spans in docs[["doc_id", "raw_text", "boilerplate_spans"]].itertuples(index=False):
        mask = np.zeros(len(raw), dtype=bool)
        for part in filter(None, spans.split(";")):
            a, b = map(int, part.split("-"))
            mask[a:b] = True
        masks[doc_id] = mask
    return masks
