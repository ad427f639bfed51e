"""Matplotlib figures for the notebooks, built without pyplot's global state (each call returns a Figure).

Every function takes `caption=`: the sentence a reader needs to read the chart. It becomes the PNG's alt text
(and the caption under the figure on a report page); without one the figure describes its own data. Every
axis is titled, count axes tick at whole numbers, and a plot of nothing is the `empty=` sentence instead.
"""
from __future__ import annotations

import html
import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

COLOUR = "#4c72b0"


class NotebookFigure(Figure):
    """A Figure that shows itself as a PNG in Jupyter, with its caption as the image's alt text."""

    caption: str | None = None
    description: str = ""

    def draw(self, renderer):
        """Draw every text literally: a '$' in a file name or an outlet is not the start of TeX math."""
        for text in self.findobj(Text):
            text.set_parse_math(False)
        return super().draw(renderer)

    def _repr_png_(self):
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=100)
        return buf.getvalue(), {"alt": self.caption or self.description}


class Sentence:
    """What a plot function returns when there is nothing to draw: one sentence instead of an empty chart."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:  # styled like show.table's empty tables; the text is never markup
        return f'<p class="newslab-empty">{html.escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


def _figure(width: float = 8, height: float = 4) -> tuple[NotebookFigure, object]:
    fig = NotebookFigure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _finish(fig: NotebookFigure, caption: str | None, description: str) -> NotebookFigure:
    fig.caption = caption
    fig.description = description
    return fig


def _listing(values: pd.Series, n: int = 8) -> str:
    """'a 6, b 4, c 1 and 3 more': the data of a chart in words."""
    items = [f"{k} {v:,.0f}" if float(v).is_integer() else f"{k} {v:.2f}" for k, v in values.head(n).items()]
    more = f" and {len(values) - n} more" if len(values) > n else ""
    return ", ".join(items) + more


def _is_count(values) -> bool:
    arr = np.asarray(values, dtype=float)
    return bool(len(arr)) and bool(np.all(np.isfinite(arr) & (arr == np.round(arr))))


def bar_chart(values: pd.Series, *, title: str, xlabel: str = "", ylabel: str = "documents", top: int = 25,
              horizontal: bool | None = None, caption: str | None = None,
              empty: str = "Nothing to draw: no values.") -> Figure | Sentence:
    """Bars for a Series (index → value); long labels turn the chart sideways; counts tick at whole numbers."""
    if values is None or len(values) == 0:
        return Sentence(empty)
    values = values.head(top)
    labels = [textwrap.shorten(str(i), 48, placeholder="…") for i in values.index]
    horizontal = horizontal if horizontal is not None else max((len(s) for s in labels), default=0) > 12
    fig, ax = _figure(8, max(3, 0.3 * len(values) + 1) if horizontal else 4)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    if horizontal:
        ax.barh(labels[::-1], values.to_numpy()[::-1], color=COLOUR)
        ax.set_xlabel(ylabel)
        ax.set_ylabel(xlabel or (values.index.name or ""))
    else:
        ax.bar(labels, values.to_numpy(), color=COLOUR)
        ax.set_xlabel(xlabel or (values.index.name or ""))
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0)
    if _is_count(values):
        value_axis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    return _finish(fig, caption, f"Bar chart, {title}: {_listing(values)}.")


def histogram(values, *, title: str, xlabel: str, ylabel: str = "documents", bins: int = 30, log_x: bool = False,
              mark: float | None = None, caption: str | None = None,
              empty: str = "Nothing to draw: no values.") -> Figure | Sentence:
    """Distribution of a numeric column; `mark` draws a dashed line (e.g. a threshold).

    With `log_x`, the axis is logarithmic; values at or below 0 cannot sit on it and are counted in a note.
    """
    values = np.asarray(pd.Series(values).dropna(), dtype=float)
    if not len(values):
        return Sentence(empty)
    fig, ax = _figure()
    note = ""
    if log_x:
        positive = values[values > 0]
        if len(positive) < len(values):
            note = f"{len(values) - len(positive):,} at 0 or below, not drawn"
        values = positive
        if len(values):
            low, high = values.min(), values.max()
            bins = np.logspace(np.log10(low), np.log10(high * 1.001 if high > low else low * 10), bins)
        ax.set_xscale("log")
        # plain numbers (10, 100, 1,000): texts are drawn literally (see NotebookFigure.draw), so no TeX powers
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    if len(values):
        ax.hist(values, bins=bins, color=COLOUR, edgecolor="white")
    if mark is not None:
        ax.axvline(mark, color="#cf222e", linestyle="--", linewidth=1.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_xlabel(xlabel + (f" (log scale; {note})" if note else " (log scale)" if log_x else ""))
    ax.set_ylabel(ylabel)
    spread = f"from {values.min():,.3g} to {values.max():,.3g}" if len(values) else "none above 0"
    return _finish(fig, caption, f"Histogram, {title}: {len(values):,} values {spread}" + (f"; {note}" if note else "") + ".")


def period_bars(frame: pd.DataFrame | pd.Series, *, title: str, ylabel: str, xlabel: str = "",
                caption: str | None = None, empty: str = "Nothing to draw: no dated values.") -> Figure | Sentence:
    """One bar (stacked when several columns) per period on a real time axis; periods with nothing are gaps."""
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if frame.empty:
        return Sentence(empty)
    index = frame.index if isinstance(frame.index, pd.PeriodIndex) else pd.PeriodIndex(frame.index, freq="D")
    starts, ends = index.to_timestamp(how="start"), index.to_timestamp(how="end")
    centres = starts + (ends - starts) / 2
    fig, ax = _figure(9, 4)
    bottom = np.zeros(len(frame))
    for col in frame.columns:
        heights = frame[col].fillna(0).to_numpy(dtype=float)
        ax.bar(centres, heights, width=(ends - starts) * 0.85, bottom=bottom, label=str(col),
               color=COLOUR if frame.shape[1] == 1 else None)
        bottom += heights
    empty_periods = int((bottom == 0).sum())
    if len(index) <= 40:
        ax.set_xticks(centres, [str(p) for p in index])
    if frame.shape[1] > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    if _is_count(frame.to_numpy().ravel()):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel or f"period ({index.freqstr})")
    fig.autofmt_xdate()
    totals = pd.Series(bottom, index=[str(p) for p in index])
    gaps = f"; {empty_periods} period(s) with none are gaps" if empty_periods else ""
    return _finish(fig, caption, f"Bars per period, {title}: {_listing(totals[totals > 0])}{gaps}.")


def line_chart(frame: pd.DataFrame | pd.Series, *, title: str, ylabel: str, xlabel: str = "", stacked: bool = False,
               caption: str | None = None, empty: str = "Nothing to draw: no values.") -> Figure | Sentence:
    """Lines over an index, one per column; a stacked chart over periods is drawn as period bars."""
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if frame is None or frame.empty:
        return Sentence(empty)
    if stacked and isinstance(frame.index, (pd.PeriodIndex, pd.DatetimeIndex)):
        return period_bars(frame, title=title, ylabel=ylabel, xlabel=xlabel, caption=caption, empty=empty)
    fig, ax = _figure(9, 4)
    x = frame.index.to_timestamp() if isinstance(frame.index, pd.PeriodIndex) else frame.index
    for col in frame.columns:
        ax.plot(x, frame[col].to_numpy(), marker="o" if len(frame) < 30 else None, label=str(col))
    if frame.shape[1] > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    if pd.api.types.is_integer_dtype(frame.index):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    elif isinstance(x, pd.DatetimeIndex):
        fig.autofmt_xdate()
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel or str(frame.index.name or ""))
    series = "; ".join(f"{col}: {_listing(frame[col].rename(index=str), 12)}" for col in frame.columns[:4])
    return _finish(fig, caption, f"Line chart, {title}. {series}.")


def heatmap(frame: pd.DataFrame, *, title: str, xlabel: str = "", ylabel: str = "", fmt: str = "{:.2f}",
            cmap: str = "Blues", caption: str | None = None, empty: str = "Nothing to draw: no values.",
            vmin: float | None = None, vmax: float | None = None) -> Figure | Sentence:
    """A labelled matrix, values written in the cells when it is small enough to read; `vmin`/`vmax` fix the colour
    scale (e.g. 0 and 1 for shares, so small differences are not drawn as large ones)."""
    if frame is None or frame.empty:
        return Sentence(empty)
    below = 0.06 * max(len(str(c)) for c in frame.columns)  # room for the column names, written at 45 degrees
    fig, ax = _figure(max(5, 0.6 * frame.shape[1] + 3), max(3, 0.4 * frame.shape[0] + 1.5 + below))
    im = ax.imshow(frame.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(frame.shape[1]), [str(c) for c in frame.columns], rotation=45, ha="right")
    ax.set_yticks(range(frame.shape[0]), [str(i) for i in frame.index])
    if frame.size <= 200:
        low, high = im.get_clim()  # white text where the cell is dark
        for (i, j), v in np.ndenumerate(frame.to_numpy(dtype=float)):
            dark = high > low and (v - low) / (high - low) > 0.6
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if dark else "black")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_title(title)
    ax.set_xlabel(xlabel or str(frame.columns.name or ""))
    ax.set_ylabel(ylabel or str(frame.index.name or ""))
    names = lambda items: ", ".join(str(i) for i in list(items)[:6]) + (" …" if len(items) > 6 else "")  # noqa: E731
    return _finish(fig, caption, f"Heatmap, {title}: rows {names(frame.index)}; columns {names(frame.columns)}.")


def scatter_map(x, y, groups, *, title: str, labels: dict | None = None, names=None, priority=None, n_labels: int = 8,
                xlabel: str = "map axis 1", ylabel: str = "map axis 2", caption: str | None = None,
                empty: str = "Nothing to draw: no points.") -> Figure | Sentence:
    """Points on a 2-D map coloured by group; the `n_labels` points of highest `priority` carry their `names`.

    Without `priority`, the point nearest each group's centre is labelled (a typical member of each group).
    """
    x, y, groups = np.asarray(x, dtype=float), np.asarray(y, dtype=float), np.asarray(groups)
    if not len(x):
        return Sentence(empty)
    fig, ax = _figure(9, 6)
    for g in sorted(set(groups.tolist())):
        mask = groups == g
        ax.scatter(x[mask], y[mask], s=18, alpha=0.75, label=(labels or {}).get(g, str(g)))
    if names is not None and n_labels:
        names = [str(n) for n in names]
        if priority is not None:
            chosen = list(np.argsort(-np.asarray(priority, dtype=float), kind="stable")[:n_labels])
        else:
            chosen = []
            for g in sorted(set(groups.tolist())):
                idx = np.flatnonzero(groups == g)
                centre = np.array([x[idx].mean(), y[idx].mean()])
                chosen.append(idx[np.argmin(np.hypot(x[idx] - centre[0], y[idx] - centre[1]))])
            chosen = chosen[:n_labels]
        for i in chosen:
            ax.annotate(textwrap.shorten(names[i], 40, placeholder="…"), (x[i], y[i]), xytext=(4, 4),
                        textcoords="offset points", fontsize=8, color="#333333")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticks([])
    ax.set_yticks([])
    sizes = pd.Series(groups).map(lambda g: (labels or {}).get(g, str(g))).value_counts()
    return _finish(fig, caption, f"Map, {title}: {len(x):,} points in {len(sizes)} groups ({_listing(sizes, 6)}).")
