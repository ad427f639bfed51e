"""Outlet boilerplate (datelines, bylines, share bars, newsletter blurbs, footers, editor's notes): learned from
the corpus as lines and openings that recur across many different stories of one outlet, then cut from the text.

How it is learned (docs/corpus.md#outlet-boilerplate): documents are grouped by outlet (else by the source
file's folder, else the corpus is one group). Each line gives candidate templates (newslab.corpus.templates).
Copies of one story count once (_story_ids). A template is boilerplate in a group when it recurs in at least
`min_stories` stories and `min_share` of the group's stories; one whose names vary must also sit in the first
or last lines of its documents. A line of 10 or more words that recurs in one group and also
appears in another group where it does not recur is syndication (a wire passage): none of its templates is
learned, in any group. Learning reads at most `max_docs` documents per group; cutting reads all: linear.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import CorpusError, ParameterError
from .columns import arrow_texts
from .templates import KINDS, SLOT, credits_in, line_frame, with_keys

MODES = ("remove", "keep")
CSV_COLUMNS = ["outlet", "kind", "template", "example", "documents", "stories", "words", "action"]
STORY_LINE_CHARS = 400  # a line this long is story text: documents sharing it as their longest line are one story
SYNDICATION_WORDS = 10  # a line this long seen in another outlet as a one-off is a wire passage
# A line template (its names vary) is boilerplate only where boilerplate sits: in the first EDGE_TOP or last
# EDGE_BOTTOM lines of a document for at least MIN_EDGE_SHARE of its occurrences (bylines, credits, edition
# footers); "{name} said." recurs as often but anywhere in the story.
EDGE_TOP, EDGE_BOTTOM, MIN_EDGE_SHARE = 4, 6, 0.8
CUT_DOCS = 20_000  # documents whose boilerplate spans are found at a time
KEEP_LINES_DOCS = 5_000  # learning from more documents than this, each group's lines are computed twice, not kept


def doc_groups(corpus: pd.DataFrame) -> pd.Series:
    """The group whose boilerplate a document shares: its outlet, else its source file's folder, else ""."""
    outlet = corpus["outlet"].fillna("").astype(str) if "outlet" in corpus.columns else pd.Series("", index=corpus.index)
    source = corpus["source_file"].fillna("").astype(str) if "source_file" in corpus.columns else pd.Series("", index=corpus.index)
    folder = source.map(lambda s: s.rsplit("/", 1)[0] + "/" if "/" in s else "")
    return outlet.where(outlet != "", folder)


def _story_ids(lines: pd.DataFrame, frequent: pd.Series, n_docs: int) -> np.ndarray:
    """One id per story, so copies of one story count once: documents of one group are one story when they share
    their body (the lines that do not recur in the group; copies made only of recurring lines share an empty
    one), one of their two longest such lines, or a longest line of STORY_LINE_CHARS or more (union-find)."""
    parent = np.arange(n_docs)

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cols = ["group", "doc", "text"]
    rare = lines.loc[~frequent, cols]
    rare = rare.assign(n=rare["text"].str.len()).sort_values(["doc", "n"], ascending=[True, False], kind="mergesort")
    keys = [("line", g, d, t) for g, d, t in rare.groupby("doc", sort=False).head(2)[cols].itertuples(index=False)]
    body = lines.loc[~frequent].groupby("doc")["text"].agg("\n".join)
    group_of = lines.drop_duplicates("doc").set_index("doc")["group"]
    keys += [("body", g, d, body.get(d, "")) for d, g in group_of.items()]
    longest = lines.assign(n=lines["text"].str.len()).sort_values(["doc", "n"], ascending=[True, False],
                                                                     kind="mergesort").drop_duplicates("doc")
    keys += [("long", g, d, t) for g, d, t in longest.loc[longest["n"] >= STORY_LINE_CHARS, cols].itertuples(index=False)]
    seen = {}
    for kind, group, doc, text in keys:
        other = seen.setdefault((kind, group, text), doc)
        if other != doc:
            parent[find(doc)] = find(other)
    return np.array([find(i) for i in range(n_docs)])


def _learning_docs(groups: pd.Series, max_docs: int) -> np.ndarray:
    """Positions of the documents boilerplate is learned from: all of a group, or evenly spread `max_docs` of it."""
    rank = groups.groupby(groups, sort=False).cumcount().to_numpy()
    size = groups.map(groups.value_counts()).to_numpy()
    step = np.maximum(1, np.ceil(size / max_docs)).astype("int64")
    return np.flatnonzero(rank % step == 0)


def learn_boilerplate(corpus: pd.DataFrame, *, min_stories: int = 3, min_share: float = 0.02,
                      max_docs: int = 2000) -> pd.DataFrame:
    """Each group's boilerplate templates with the documents and distinct stories they recur in (boilerplate.csv rows).

    Learned one group at a time (its lines and templates are the stage's memory: at most `max_docs` documents'),
    in two passes: the first only tells which long lines recur in one group and appear in another (wire copy);
    with up to KEEP_LINES_DOCS documents to learn from, the lines of the first pass are kept for the second."""
    if isinstance(min_stories, bool) or not isinstance(min_stories, int) or min_stories < 2:
        raise ParameterError(f"min_stories must be an integer of at least 2, got {min_stories!r}")
    if isinstance(min_share, bool) or not isinstance(min_share, (int, float)) or not 0 <= min_share <= 1:
        raise ParameterError(f"min_share must be in [0, 1], got {min_share!r}")
    if isinstance(max_docs, bool) or not isinstance(max_docs, int) or max_docs < 1:
        raise ParameterError(f"max_docs must be a positive integer, got {max_docs!r}")
    all_groups = doc_groups(corpus).reset_index(drop=True)
    chosen_docs = _learning_docs(all_groups, max_docs)
    members = pd.Series(chosen_docs).groupby(all_groups.iloc[chosen_docs].to_numpy(), sort=True).agg(list)

    def group_texts(docs):
        return corpus["text"].iloc[docs].fillna("").astype(str).tolist()

    keep = len(chosen_docs) <= KEEP_LINES_DOCS  # few documents: one pass, each group's lines kept for the second
    kept, seen = {}, {}  # seen: long line (its digest) -> [recurs in some group, recurs in every group]
    for group, docs in members.items():
        lines, docs_per_line, need = _group_lines(group_texts(docs), group, min_stories, min_share, only_line=not keep)
        if keep:
            kept[group] = (lines, need)
        for line, n in docs_per_line.items():
            if line.count(" ") + 1 >= SYNDICATION_WORDS:
                state = seen.setdefault(_digest(line), [False, True])
                state[0], state[1] = state[0] or n >= need, state[1] and n >= need
    wire = {line for line, (some, every) in seen.items() if some and not every}
    del seen
    parts = []
    for group, docs in members.items():
        texts = group_texts(docs)
        lines, need = kept.pop(group) if keep else _group_lines(texts, group, min_stories, min_share)[::2]
        if wire and len(lines):
            lines = lines[~np.array([line in wire for line in map(_digest, lines["line"])], dtype=bool)]
        part = _group_templates(lines, texts, need) if len(lines) else None
        if part is not None and len(part):
            parts.append(part)
    table = pd.concat(parts, ignore_index=True) if parts else _group_templates(
        _group_lines([], "", min_stories, min_share)[0], [], min_stories)
    order = {k: i for i, k in enumerate(KINDS)}
    table = table.assign(_k=table["kind"].map(order)).sort_values(
        ["outlet", "stories", "_k", "template"], ascending=[True, False, True, True], kind="mergesort")
    return table.drop(columns="_k").reset_index(drop=True)[CSV_COLUMNS]


def _digest(line) -> bytes | None:
    """A line's template as 16 bytes (None stays None): what the wire-copy check keeps of every long line."""
    return None if not isinstance(line, str) else hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()


def _group_lines(texts: list[str], group: str, min_stories: int, min_share: float, *,
                 only_line: bool = False) -> tuple[pd.DataFrame, pd.Series, float]:
    """One group's lines with their templates (the `line` kind only when `only_line`), story, place (`edge`); the
    documents each whole line is in; and how many stories a template needs there."""
    lines = with_keys(line_frame(texts), only_line=only_line)
    lines["group"] = group
    docs_per_line = lines[["line", "doc"]].dropna().drop_duplicates().groupby("line")["doc"].size()
    frequent = lines["line"].map(docs_per_line).fillna(0) >= min_stories
    story = _story_ids(lines, frequent, len(texts))
    lines["story"] = story[lines["doc"].to_numpy()] if len(lines) else []
    at = lines.groupby("doc").cumcount()
    lines["edge"] = (at < EDGE_TOP) | (lines["doc"].map(lines["doc"].value_counts()) - 1 - at < EDGE_BOTTOM)
    n_stories = len(np.unique(story))
    return lines, docs_per_line, float(max(min_stories, np.ceil(min_share * n_stories)))


def _group_templates(lines: pd.DataFrame, texts: list[str], need: float) -> pd.DataFrame:
    """The boilerplate templates of one group's (wire-free) lines: found in at least `need` stories and, for a
    template whose names vary, where boilerplate sits."""
    frames = []
    for kind in KINDS:
        part = lines.loc[lines[kind].notna(), ["group", kind, "doc", "story", "start", "end", "opening_chars", "edge",
                                                "first_literal"]]
        part = part.rename(columns={kind: "template"}).assign(kind=kind)
        frames.append(part)
    found = pd.concat(frames, ignore_index=True)
    found["stop"] = np.where(found["kind"] == "opening", found["start"] + found["opening_chars"], found["end"])
    by = ["group", "kind", "template"]
    stats = found.drop_duplicates(by).set_index(by)[["doc", "start", "stop"]].rename(
        columns={"doc": "first", "start": "a", "stop": "b"})
    stats["stories"] = found.drop_duplicates(by + ["story"]).groupby(by, sort=False).size()
    stats["documents"] = found.drop_duplicates(by + ["doc"]).groupby(by, sort=False).size()
    stats["edge"] = found.groupby(by, sort=False)["edge"].mean()
    stats = stats.reset_index()
    varying = stats["kind"].isin(["line template", "line start"])  # names vary: a byline, never "{name} said."
    stats = stats[(stats["stories"] >= need) & (~varying | (stats["edge"] >= MIN_EDGE_SHARE))]
    stats["example"] = pd.Series([texts[d][a:b].strip() for d, a, b in zip(stats["first"], stats["a"], stats["b"])],
                                 index=stats.index, dtype=object)
    stats = stats[_first_match(found, stats[by])]
    stats["template"] = _with_first_word(found, stats[by])
    return stats.rename(columns={"group": "outlet"}).assign(
        words=lambda t: t["example"].map(lambda e: len(e.split())).astype("int64"), action="remove")


def _with_first_word(found: pd.DataFrame, chosen: pd.DataFrame) -> list[str]:
    """Each chosen template, as its first-word-literal form when 90% of its lines share that form: a byline
    "By {name} ({name})" then never takes a results line "P O'Brien (New Zealand)" for its own."""
    out = []
    wanted = chosen.loc[chosen["kind"] == "line template", ["group", "template"]]
    lines = found[found["kind"] == "line template"].merge(wanted, on=["group", "template"])
    forms = {key: values.value_counts() for key, values in lines.groupby(["group", "template"])["first_literal"]}
    for group, kind, template in chosen[["group", "kind", "template"]].itertuples(index=False):
        counts = forms.get((group, template)) if kind == "line template" else None
        best = counts.index[0] if counts is not None and len(counts) and counts.iloc[0] >= 0.9 * counts.sum() else None
        out.append(best if best else template)
    return out


def _first_match(found: pd.DataFrame, chosen: pd.DataFrame) -> np.ndarray:
    """Which of the `chosen` templates is the first (in KINDS order) to match at least one line: a template whose
    lines all match an earlier one (an exact line and its heavy template) adds a row nobody needs to edit."""
    by = ["group", "kind", "template"]
    hits = found.merge(chosen.assign(_chosen=True), on=by, how="inner")
    hits = hits.assign(_k=hits["kind"].map({k: i for i, k in enumerate(KINDS)}))
    first = hits.sort_values(["doc", "start", "_k"], kind="mergesort").drop_duplicates(["doc", "start"])
    used = set(zip(first["group"], first["kind"], first["template"]))
    return np.array([key in used for key in zip(chosen["group"], chosen["kind"], chosen["template"])], dtype=bool)


def find_spans(corpus: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Rows (doc position, start, end, kind) of the boilerplate `table` marks for removal in the corpus's texts; a
    line that a "keep" row matches stays whole, whatever other rows say."""
    rules = table.loc[table["action"] == "remove", ["outlet", "kind", "template"]]
    kept = set(zip(*[table.loc[table["action"] == "keep", c] for c in ("outlet", "kind", "template")]))
    empty = pd.DataFrame({"doc": pd.Series(dtype="int64"), "start": pd.Series(dtype="int64"),
                          "end": pd.Series(dtype="int64"), "kind": pd.Series(dtype=object)})
    if rules.empty:
        return empty
    groups = doc_groups(corpus).reset_index(drop=True)
    wanted = np.flatnonzero(groups.isin(set(rules["outlet"])).to_numpy())
    texts = corpus["text"].fillna("").astype(str).to_numpy()[wanted].tolist()
    lines = line_frame(texts)
    anchors = {max(re.split(SLOT, t), key=lambda f: len(f.strip())).strip() for t in rules["template"]}
    if len(anchors) <= 2000 and all(anchors):
        hit = pc.match_substring_regex(arrow_texts(lines["text"].tolist()),
                                       "|".join(re.escape(a) for a in sorted(anchors)))
        lines = lines[hit.to_numpy(zero_copy_only=False)] if len(lines) else lines
    lines = with_keys(lines.reset_index(drop=True))
    lines["group"] = groups.to_numpy()[wanted][lines["doc"].to_numpy()] if len(lines) else []
    rule_set = set(zip(rules["outlet"], rules["kind"], rules["template"]))
    lines["kind"] = None
    for kind in reversed(KINDS):  # the first kind in KINDS that matches wins
        hit = [(g, kind, k) in rule_set or (g, kind, f) in rule_set
               for g, k, f in zip(lines["group"], lines[kind], lines["first_literal"])]
        lines.loc[hit, "kind"] = kind
    if kept:
        keep = np.zeros(len(lines), dtype=bool)
        for kind in KINDS:
            keep |= np.array([(g, kind, k) in kept or (g, kind, f) in kept
                              for g, k, f in zip(lines["group"], lines[kind], lines["first_literal"])], dtype=bool)
        lines.loc[keep, "kind"] = None
    lines = lines[lines["kind"].notna()]
    ends = np.where(lines["kind"] == "opening", lines["start"] + lines["opening_chars"], lines["end"])
    out = pd.DataFrame({"doc": wanted[lines["doc"].to_numpy()], "start": lines["start"].to_numpy(),
                        "end": ends, "kind": lines["kind"].to_numpy()})
    return out.sort_values(["doc", "start"], kind="mergesort").reset_index(drop=True) if len(out) else empty


def cut_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the spans; a cut opening takes the spaces after it, a cut line its blank lines."""
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    out.append(text[pos:])
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", "".join(out)).strip()


def apply_boilerplate(corpus: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The corpus with its boilerplate cut from `text`: `raw_text` as published, `boilerplate_spans` ("start-end;…"
    offsets into raw_text) and `credits` (agencies credited in the cut spans, "; "-joined). Spans are found
    CUT_DOCS documents at a time (their lines and templates are the stage's memory); an uncut text is one object
    in both columns."""
    raw = corpus["text"].fillna("").astype(str).tolist()
    texts, offsets, found = list(raw), [""] * len(raw), {}
    outlets = corpus["outlet"].fillna("").astype(str).tolist() if "outlet" in corpus.columns else [""] * len(raw)
    for lo in range(0, len(raw), CUT_DOCS):
        spans = find_spans(corpus.iloc[lo:lo + CUT_DOCS], table)
        for doc, rows in spans.groupby("doc", sort=True):
            doc = lo + int(doc)
            pairs = list(zip(rows["start"].tolist(), rows["end"].tolist()))
            text = raw[doc]
            texts[doc] = cut_spans(text, pairs)
            offsets[doc] = ";".join(f"{a}-{b}" for a, b in pairs)
            found[doc] = {c for a, b in pairs for c in credits_in(text[a:b], own=outlets[doc])}
    groups = doc_groups(corpus).tolist()
    own = _own_tags(groups, found)
    credits = [""] * len(raw)
    for doc, names in found.items():
        credits[doc] = "; ".join(sorted(names - own.get(groups[doc], set()), key=lambda n: (n.lower(), n)))
    return corpus.assign(text=texts, raw_text=raw, boilerplate_spans=offsets, credits=credits)


def _own_tags(groups: list[str], found: dict[int, set]) -> dict[str, set]:
    """Per group, the names that are its own tag, not a credit: named in 90% of a group's documents (5 or more)
    and in no other group's (an outlet's abbreviation in every dateline, "/ASL/", whatever its initials)."""
    size, count, where = {}, {}, {}
    for g in groups:
        size[g] = size.get(g, 0) + 1
    for doc, names in found.items():
        g = groups[doc]
        for n in names:
            count[(g, n)] = count.get((g, n), 0) + 1
            where.setdefault(n, set()).add(g)
    own: dict[str, set] = {}
    for (g, n), k in count.items():
        if len(where[n]) == 1 and size[g] >= 5 and k >= 0.9 * size[g]:
            own.setdefault(g, set()).add(n)
    return own


def read_boilerplate(path: str | os.PathLike) -> pd.DataFrame:
    """An (edited) boilerplate.csv: rows whose action is "remove" are cut, "keep" rows are left in the text."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: cannot be read as boilerplate CSV ({exc})") from None
    missing = [c for c in ("outlet", "kind", "template", "action") if c not in table.columns]
    if missing:
        raise CorpusError(f"{path}: boilerplate CSV lacks the column(s) {', '.join(missing)}")
    table["action"] = table["action"].str.strip().str.lower()
    bad = sorted(set(table["action"]) - set(MODES))
    if bad:
        raise CorpusError(f"{path}: action must be remove or keep, got {', '.join(map(repr, bad))}")
    bad = sorted(set(table["kind"]) - set(KINDS))
    if bad:
        raise CorpusError(f"{path}: kind must be one of {', '.join(KINDS)}, got {', '.join(map(repr, bad))}")
    return table


def check_boilerplate(boilerplate) -> None:
    """Validate the `boilerplate` option: "remove", "keep" or an existing .csv file."""
    if isinstance(boilerplate, (str, os.PathLike)) and str(boilerplate) in MODES:
        return
    if isinstance(boilerplate, (str, os.PathLike)) and str(boilerplate).lower().endswith(".csv"):
        if not Path(boilerplate).is_file():
            raise ParameterError(f"boilerplate: {boilerplate}: no such file")
        return
    raise ParameterError(f"boilerplate must be 'remove', 'keep' or a boilerplate .csv file, got {boilerplate!r}")


def strip_boilerplate(corpus: pd.DataFrame, boilerplate="remove", **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(corpus with boilerplate cut as `boilerplate` says: "remove" what is learned, "keep" all, or a CSV's rows;
    the boilerplate table)."""
    check_boilerplate(boilerplate)
    if str(boilerplate) in MODES:
        if str(boilerplate) == "keep":  # nothing learned, nothing cut: the text as published
            empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("documents", "stories", "words") else object)
                                  for c in CSV_COLUMNS})
            return corpus.assign(raw_text=corpus["text"], boilerplate_spans="", credits=""), empty
        table = learn_boilerplate(corpus, **options)
    else:
        table = read_boilerplate(boilerplate)
    return apply_boilerplate(corpus, table), table
