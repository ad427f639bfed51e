"""Matplotlib figures for the notebooks, built without pyplot's global state (each call returns a Figure)."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text


class NotebookFigure(Figure):
    """A Figure that shows itself as a PNG in Jupyter without pyplot or an active inline backend."""

    def draw(self, renderer):
        """Draw every text literally: a '$' in a file name or an outlet is not the start of TeX math."""
        for text in self.findobj(Text):
            text.set_parse_math(False)
        return super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=100)
        return buf.getvalue()


def _figure(width: float = 8, height: float = 4) -> tuple[Figure, object]:
    fig = NotebookFigure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def bar_chart(values: pd.Series, *, title: str, xlabel: str = "", ylabel: str = "documents", top: int = 25,
              horizontal: bool | None = None) -> Figure:
    """Bars for a Series (index → count); long labels turn the chart sideways."""
    values = values.head(top)
    labels = [str(i) for i in values.index]
    horizontal = horizontal if horizontal is not None else max((len(s) for s in labels), default=0) > 12
    fig, ax = _figure(8, max(3, 0.3 * len(values) + 1) if horizontal else 4)
    if horizontal:
        ax.barh(labels[::-1], values.to_numpy()[::-1], color="#4c72b0")
        ax.set_xlabel(ylabel)
        ax.set_ylabel(xlabel)
    else:
        ax.bar(labels, values.to_numpy(), color="#4c72b0")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0)
    ax.set_title(title)
    return fig


def histogram(values, *, title: str, xlabel: str, bins: int = 30, log_x: bool = False, mark: float | None = None) -> Figure:
    """Distribution of a numeric column; `mark` draws a dashed line (e.g. a threshold)."""
    values = np.asarray(pd.Series(values).dropna(), dtype=float)
    fig, ax = _figure()
    if log_x and len(values) and values.min() > 0:
        bins = np.logspace(np.log10(values.min()), np.log10(values.max() + 1), bins)
        ax.set_xscale("log")
    ax.hist(values, bins=bins, color="#4c72b0", edgecolor="white")
    if mark is not None:
        ax.axvline(mark, color="#cf222e", linestyle="--", linewidth=1.5)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("count")
    return fig


def line_chart(frame: pd.DataFrame | pd.Series, *, title: str, ylabel: str, stacked: bool = False) -> Figure:
    """Lines (or a stacked area) over a time index, one per column."""
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    fig, ax = _figure(9, 4)
    x = frame.index.to_timestamp() if isinstance(frame.index, pd.PeriodIndex) else frame.index
    if stacked and frame.shape[1] > 1:
        ax.stackplot(x, frame.T.to_numpy(), labels=[str(c) for c in frame.columns], alpha=0.85)
    else:
        for col in frame.columns:
            ax.plot(x, frame[col].to_numpy(), marker="o" if len(frame) < 30 else None, label=str(col))
    if frame.shape[1] > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    fig.autofmt_xdate()
    return fig


def heatmap(frame: pd.DataFrame, *, title: str, fmt: str = "{:.2f}", cmap: str = "Blues") -> Figure:
    """A labelled matrix, values written in the cells when it is small enough to read."""
    fig, ax = _figure(max(5, 0.6 * frame.shape[1] + 3), max(3, 0.4 * frame.shape[0] + 1.5))
    im = ax.imshow(frame.to_numpy(dtype=float), aspect="auto", cmap=cmap)
    ax.set_xticks(range(frame.shape[1]), [str(c) for c in frame.columns], rotation=45, ha="right")
    ax.set_yticks(range(frame.shape[0]), [str(i) for i in frame.index])
    if frame.size <= 200:
        top = np.nanmax(frame.to_numpy(dtype=float)) if frame.size else 0
        for (i, j), v in np.ndenumerate(frame.to_numpy(dtype=float)):
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if v > 0.6 * top else "black")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_title(title)
    return fig


def scatter_map(x, y, groups, *, title: str, labels: dict | None = None) -> Figure:
    """Points on a 2-D map coloured by group (e.g. documents by topic)."""
    fig, ax = _figure(8, 6)
    groups = np.asarray(groups)
    for g in sorted(set(groups.tolist())):
        mask = groups == g
        ax.scatter(np.asarray(x)[mask], np.asarray(y)[mask], s=18, alpha=0.75, label=(labels or {}).get(g, str(g)))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig
