"""One machine, a million articles: gathers the news-length scaling measurements (benchmarks/results/scale-*.json,
written by scale_duplicates.py, scale_topics.py, scale_entities.py and scale_corpus_load.py) into one table
against the targets, projects 1M from the slope of the two largest measured sizes where 1M was not run, and draws
the curve (benchmarks/results/scale-news.png). `--markdown` prints the table for docs/performance.md."""
from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
MILLION = 1_000_000
# Targets on one 24 GB, 2-core machine (issue 29): seconds and peak MiB at 1M articles (None: no target).
TARGETS = {
    "load": (None, None),
    "duplicates": (30 * 60, 16 * 1024),
    "topics": (30 * 60, None),
    "cooccurrence": (15 * 60, None),
}
NAMES = {"load": "reading the corpus (load_corpus)", "duplicates": "duplicates (find_duplicates)",
         "topics": "topics (fit_topics)", "cooccurrence": "co-occurrence, annotations cached"}


def measured_rows() -> pd.DataFrame:
    """Every row of the current code in every scale-*.json (the newest row per analysis and size wins); rows of
    the code before issue 29 (`code` "old…", analysis "…-before") are for the per-analysis sections only."""
    rows = []
    for path in sorted(RESULTS.glob("scale-*.json")):
        if path.name == "scale.json":  # the Dask benchmark on Reuters-length texts (scale_dask.py)
            continue
        data = json.loads(path.read_text())
        rows.extend(data if isinstance(data, list) else [data])
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["projected"] = frame.get("projected", False)
    frame["projected"] = frame["projected"].fillna(False).astype(bool)
    current = ~frame.get("code", pd.Series("", index=frame.index)).fillna("").astype(str).str.startswith("old")
    current &= ~frame["analysis"].str.endswith("-before") & frame["analysis"].isin(list(TARGETS))
    sized = frame[current & frame["documents"].notna() & frame["peak_mb"].notna()]
    return sized.drop_duplicates(["analysis", "documents", "projected"], keep="last")


def with_projection(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds a projected 1M row per analysis that has none measured: straight line through its two largest sizes."""
    out = [frame]
    for analysis, part in frame[~frame["projected"]].groupby("analysis"):
        if (part["documents"] >= MILLION).any() or (frame[(frame["analysis"] == analysis)]["documents"] >= MILLION).any():
            continue
        part = part.sort_values("documents").tail(2)
        if len(part) < 2:
            continue
        (n0, n1), row = part["documents"].to_numpy(), {"analysis": analysis, "documents": MILLION, "projected": True}
        for col in ("seconds", "peak_mb"):
            y0, y1 = part[col].to_numpy()
            row[col] = y1 + (y1 - y0) / (n1 - n0) * (MILLION - n1)
        row["mb_per_doc"] = part["mb_per_doc"].iloc[-1]
        out.append(pd.DataFrame([row]))
    return pd.concat(out, ignore_index=True).sort_values(["analysis", "documents"]).reset_index(drop=True)


def verdict(row) -> str:
    """Whether a 1M row meets its targets."""
    seconds, peak = TARGETS.get(row["analysis"], (None, None))
    if row["documents"] < MILLION or (seconds is None and peak is None):
        return ""
    ok = (seconds is None or row["seconds"] <= seconds) and (peak is None or row["peak_mb"] <= peak)
    return "met" if ok else "missed"


def markdown(frame: pd.DataFrame) -> str:
    lines = ["| analysis | documents | time | peak memory | KB per document | 1M target | |",
             "|---|---|---|---|---|---|---|"]
    for _, row in frame[frame["documents"] >= 100_000].iterrows():
        seconds, peak = TARGETS.get(row["analysis"], (None, None))
        target = " and ".join(x for x in (f"≤ {seconds / 60:.0f} min" if seconds else "",
                                          f"≤ {peak / 1024:.0f} GB" if peak else "") if x)
        star = " (projected)" if row["projected"] else ""
        lines.append(f"| {NAMES.get(row['analysis'], row['analysis'])} | {int(row['documents']):,}{star} | "
                     f"{row['seconds'] / 60:.1f} min | {row['peak_mb'] / 1024:.1f} GB | "
                     f"{row['mb_per_doc'] * 1024:.1f} | {target if row['documents'] >= MILLION else ''} | "
                     f"{verdict(row)} |")
    return "\n".join(lines)


def annotation_line() -> str:
    """The newest annotation throughput against spaCy's own multi-process nlp.pipe (scale_entities.py)."""
    path = RESULTS / "scale-entities.json"
    rows = [r for r in json.loads(path.read_text()) if r.get("analysis") == "annotate" and r.get("code") == "new"] \
        if path.exists() else []
    if not rows:
        return "annotation throughput: not measured"
    r = rows[-1]
    return (f"annotation throughput: {r['words_per_s']:,} words/s against spaCy's nlp.pipe on all cores "
            f"{r['spacy_words_per_s']:,} words/s: {r['ratio']:.0%} (target ≥ 95%; CPU time ratio {r['cpu_ratio']:.3f}; "
            f"{r['documents']:,} articles, {r['date']})")


def plot(frame: pd.DataFrame, path) -> None:
    """Time and peak memory against documents, one line per analysis; projections dashed, targets as marks."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4), layout="constrained")
    time_ax, mem_ax = fig.subplots(1, 2)
    for analysis, part in frame.groupby("analysis", sort=True):
        measured = part[~part["projected"]]
        for ax, col, scale in ((time_ax, "seconds", 60), (mem_ax, "peak_mb", 1024)):
            line = ax.plot(measured["documents"], measured[col] / scale, marker="o", label=NAMES.get(analysis, analysis))[0]
            if part["projected"].any():
                tail = pd.concat([measured.tail(1), part[part["projected"]]])
                ax.plot(tail["documents"], tail[col] / scale, linestyle="--", color=line.get_color())
            target = TARGETS.get(analysis, (None, None))[0 if col == "seconds" else 1]
            if target:
                ax.plot([MILLION], [target / scale], marker="_", markersize=18, color=line.get_color())
    time_ax.set(xlabel="articles (~650 words)", ylabel="minutes", title="time (dashed: projected; bars: 1M targets)")
    mem_ax.set(xlabel="articles (~650 words)", ylabel="GB", title="peak resident memory")
    for ax in (time_ax, mem_ax):
        ax.xaxis.set_major_formatter(lambda x, _: f"{x / 1000:.0f}k")
        ax.grid(alpha=0.3)
    time_ax.legend(fontsize=8)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    frame = measured_rows()
    if frame.empty:
        raise SystemExit("no benchmarks/results/scale-*.json yet: run benchmarks/scale_<analysis>.py first")
    frame = with_projection(frame)
    plot(frame, RESULTS / "scale-news.png")
    print(markdown(frame) if args.markdown else frame[["analysis", "documents", "seconds", "peak_mb", "mb_per_doc",
                                                       "projected"]].to_string(index=False))
    print("\n" + annotation_line())
    print(f"\ncurve: {RESULTS / 'scale-news.png'}")


if __name__ == "__main__":
    main()
