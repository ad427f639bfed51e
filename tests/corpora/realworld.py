"""Real-world-looking test corpora: BBC stories spread over made-up outlets, with each outlet's boilerplate,
wire passages, copies and coordinated re-publishing planted, and the truth of what was planted."""
from __future__ import annotations

import numpy as np
import pandas as pd

from realworld_base import (EMPTY, MINUTES_PER_DAY, Planted, bbc_stories, cut_masks, edit_words, finish,
                            outlet_table, paragraphs, passage_window)
from realworld_templates import KINDS, OUTLET_NAMES, STYLES

__all__ = ["KINDS", "Planted", "bbc_stories", "cut_masks", "make_coordinated_corpus", "make_outlet_corpus"]


def make_outlet_corpus(stories: pd.DataFrame, *, n_outlets=6, seed=0, boilerplate=True, newsletter_share=1 / 3,
                       wire_passages=20, wire_outlets=(3, 6), copies=0, start="2024-01-01", days=120,
                       house_vocabulary=False) -> Planted:
    """Stories spread at random over made-up outlets, each with its own boilerplate, plus wire passages and copies;
    `house_vocabulary`: each outlet's section kicker and house sentences too (tagged "section" and "house")."""
    if not 2 <= n_outlets <= len(OUTLET_NAMES):
        raise ValueError(f"n_outlets must be 2..{len(OUTLET_NAMES)}, got {n_outlets}")
    if not 1 <= wire_outlets[0] <= wire_outlets[1]:
        raise ValueError(f"wire_outlets must be (min, max) with 1 <= min <= max, got {wire_outlets}")
    if not 0 <= newsletter_share <= 1 or copies < 0 or wire_passages < 0 or days < 1:
        raise ValueError("newsletter_share must be in [0, 1], copies and wire_passages >= 0, days >= 1")
    stories = stories.reset_index(drop=True)
    rng = np.random.default_rng([seed, 0])
    names = list(OUTLET_NAMES[:n_outlets])
    end = days * MINUTES_PER_DAY
    outlet_of = rng.integers(n_outlets, size=len(stories))
    minute_of = rng.integers(end, size=len(stories))
    docs = [{"story": i, "outlet": int(outlet_of[i]), "minute": int(minute_of[i]),
             "paras": [(p, None) for p in paragraphs(stories["text"][i])]} for i in range(len(stories))]
    busy = set()  # docs that are copies, copy sources, wire sources or wire recipients
    copy_rows = []
    early = [i for i in range(len(docs)) if docs[i]["minute"] < end - 120]
    for src in rng.choice(early, min(copies, len(early)), replace=False) if copies else []:
        src = int(src)
        s = docs[src]
        target = int((s["outlet"] + rng.integers(1, n_outlets)) % n_outlets)
        edited = bool(rng.random() < 0.5)
        paras = [p for p, _ in s["paras"]]
        paras = edit_words(rng, paras) if edited else paras
        lag = int(rng.integers(60, min(72 * 60, end - s["minute"])))
        docs.append({"story": s["story"], "outlet": target, "minute": s["minute"] + lag,
                     "paras": [(p, ("copy", 0)) for p in paras]})
        copy_rows.append((len(docs) - 1, src, edited))
        busy.update({src, len(docs) - 1})
    wire_rows = []
    for w in range(wire_passages):
        free = [i for i in range(len(stories)) if i not in busy]
        pool = [i for i in free if docs[i]["minute"] < end // 2] or free
        source, window = None, None
        for cand in rng.permutation(pool)[:50]:
            window = passage_window(rng, [p for p, _ in docs[int(cand)]["paras"]])
            if window:
                source = int(cand)
                break
        if source is None:
            break
        busy.add(source)
        first, n = window
        passage = [p for p, _ in docs[source]["paras"][first:first + n]]
        others = [o for o in range(n_outlets) if o != docs[source]["outlet"]]
        k = min(int(rng.integers(wire_outlets[0], wire_outlets[1] + 1)), len(others))
        wire_rows.append((f"w{w:02d}", source, source))
        for o in sorted(rng.choice(others, k, replace=False)):
            hosts = [i for i in free if docs[i]["outlet"] == o and i not in busy
                     and docs[i]["minute"] > docs[source]["minute"]]
            if not hosts:
                continue
            host = int(hosts[rng.integers(len(hosts))])
            busy.add(host)
            at = int(rng.integers(1, len(docs[host]["paras"]) + 1))
            docs[host]["paras"][at:at] = [(p, ("wire_passage", w)) for p in passage]
            wire_rows.append((f"w{w:02d}", host, source))
    table, spans, ids = finish(docs, names, stories, start, styles=STYLES, boilerplate=boilerplate, seed=seed,
                                newsletter_share=newsletter_share, house_vocabulary=house_vocabulary)
    copies_t = pd.DataFrame([(ids[c], ids[s], e) for c, s, e in copy_rows], columns=EMPTY["copies"])
    wires = pd.DataFrame([(p, ids[h], names[docs[h]["outlet"]][0], ids[s]) for p, h, s in wire_rows],
                         columns=EMPTY["wires"])
    return Planted(table, spans, copies_t, outlet_table(names, STYLES), wires=wires)


def make_coordinated_corpus(stories: pd.DataFrame, *, seed=0, n_passages=25, coordinated=6, independent=6,
                            background=6, start="2024-01-01") -> Planted:
    """A source outlet's passages re-published in lock-step by some outlets, at their own times by others."""
    n_outlets = 1 + coordinated + independent + background
    if n_outlets > len(OUTLET_NAMES):
        raise ValueError(f"at most {len(OUTLET_NAMES) - 1} outlets besides the source, got {n_outlets - 1}")
    stories = stories.reset_index(drop=True)
    need = n_passages * n_outlets
    if len(stories) < need:
        raise ValueError(f"stories: {need} needed for {n_passages} passages and {n_outlets} outlets, got {len(stories)}")
    rng = np.random.default_rng([seed, 2])
    names = [OUTLET_NAMES[i] for i in rng.permutation(len(OUTLET_NAMES))[:n_outlets]]
    roles = ["source"] + ["coordinated"] * coordinated + ["independent"] * independent + ["background"] * background
    pool = iter(rng.permutation(len(stories)).tolist())
    day = MINUTES_PER_DAY
    docs, copy_rows, wire_rows, lag_rows = [], [], [], []
    for p in range(n_passages):
        story = next(pool)
        paras = paragraphs(stories["text"][story])
        window = passage_window(rng, paras) if rng.random() >= 1 / 3 else None
        passage = paras if window is None else paras[window[0]:window[0] + window[1]]
        t = int(rng.integers(30 * day))
        docs.append({"story": story, "outlet": 0, "minute": t, "paras": [(x, None) for x in paras]})
        src = len(docs) - 1
        wire_rows.append((f"p{p:02d}", src, src))
        lockstep_day = (t + int(rng.integers(2 * day, 5 * day))) // day  # the coordinated outlets' common day
        slots = rng.permutation(independent)  # independent outlets: one week each, at least two days apart
        for k in range(1, 1 + coordinated + independent):
            if roles[k] == "coordinated":
                minute = lockstep_day * day + 8 * 60 + int(rng.integers(4 * 60))
            else:
                minute = t + int((1 + slots[k - 1 - coordinated]) * 7 * day + rng.integers(day, 6 * day))
            if window is None:
                docs.append({"story": story, "outlet": k, "minute": minute, "paras": [(x, ("copy", 0)) for x in paras]})
                copy_rows.append((len(docs) - 1, src, False))
            else:
                host = next(pool)
                body = [(x, None) for x in paragraphs(stories["text"][host])]
                at = int(rng.integers(1, len(body) + 1))
                body[at:at] = [(x, ("wire_passage", p)) for x in passage]
                docs.append({"story": host, "outlet": k, "minute": minute, "paras": body})
                wire_rows.append((f"p{p:02d}", len(docs) - 1, src))
            lag_rows.append((len(docs) - 1, src, (minute - t) / 60, f"p{p:02d}"))
    for k in range(1 + coordinated + independent, n_outlets):
        for _ in range(n_passages):
            story = next(pool)
            docs.append({"story": story, "outlet": k, "minute": int(rng.integers(90 * day)),
                         "paras": [(x, None) for x in paragraphs(stories["text"][story])]})
    table, spans, ids = finish(docs, names, stories, start, seed=seed)
    outlet = {ids[i]: names[d["outlet"]][0] for i, d in enumerate(docs)}
    lags = pd.DataFrame([(ids[d], ids[s], round(h, 2), passage) for d, s, h, passage in lag_rows],
                        columns=EMPTY["lags"] + ["passage_id"])
    lags.insert(1, "outlet", lags["doc_id"].map(outlet))
    lags.insert(2, "group", lags["outlet"].map(dict((n[0], r) for n, r in zip(names, roles))))
    return Planted(
        table, spans,
        pd.DataFrame([(ids[c], ids[s], e) for c, s, e in copy_rows], columns=EMPTY["copies"]),
        outlet_table(names, None),
        wires=pd.DataFrame([(w, ids[h], outlet[ids[h]], ids[s]) for w, h, s in wire_rows], columns=EMPTY["wires"]),
        groups=pd.DataFrame({"outlet": [n[0] for n in names], "group": roles}).sort_values("outlet", ignore_index=True),
        lags=lags,
    )
