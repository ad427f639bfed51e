"""Figures a reader can trust: whole-number count axes, a log scale that is one, gaps for empty periods,
labelled maps, a caption as alt text, and a sentence instead of an empty chart."""
from __future__ import annotations

import numpy as np
import pandas as pd

from newslab.show import plots


def ticks(axis) -> list[float]:
    lo, hi = axis.get_view_interval()
    return [t for t in axis.get_majorticklocs() if lo <= t <= hi]


def test_count_axes_tick_at_whole_numbers():
    fig = plots.bar_chart(pd.Series([2, 1], index=["a", "b"]), title="t", xlabel="x")
    assert all(float(t).is_integer() for t in ticks(fig.axes[0].yaxis))
    fig = plots.histogram([1, 2, 2, 3], title="t", xlabel="words")
    assert all(float(t).is_integer() for t in ticks(fig.axes[0].yaxis))


def test_log_histogram_is_logarithmic_and_says_what_it_leaves_out():
    fig = plots.histogram([0, 0, 5, 50, 500], title="Words", xlabel="words", log_x=True)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert "2 at 0 or below, not drawn" in ax.get_xlabel()
    fig.canvas.draw()  # tick labels are plain numbers a reader can read, not TeX drawn literally
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and not any("$" in t or "mathdefault" in t for t in labels) and "100" in labels


def test_period_bars_leave_gaps_for_empty_periods():
    days = pd.period_range("2019-09-24", "2019-09-27", freq="D")
    fig = plots.period_bars(pd.Series([2, 0, 0, 1], index=days), title="Documents over time", ylabel="documents")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [2, 0, 0, 1]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [str(d) for d in days]
    assert "2 period(s) with none are gaps" in fig.description


def test_stacked_line_chart_over_periods_is_drawn_as_bars():
    days = pd.period_range("2019-09-24", periods=3, freq="D")
    frame = pd.DataFrame({"a": [0.5, np.nan, 1.0], "b": [0.5, np.nan, 0.0]}, index=days)
    fig = plots.line_chart(frame, title="Topic shares", ylabel="share", stacked=True)
    assert len(fig.axes[0].patches) == 6 and fig.axes[0].patches[1].get_height() == 0


def test_integer_index_ticks_whole_numbers_and_is_titled():
    frame = pd.DataFrame({"stability": [0.5, 0.7]}, index=pd.Index([3, 4], name="n_topics"))
    ax = plots.line_chart(frame, title="Choosing k", ylabel="score").axes[0]
    assert ax.get_xlabel() == "n_topics" and all(float(t).is_integer() for t in ticks(ax.xaxis))


def test_caption_is_the_alt_text_and_a_default_describes_the_data():
    values = pd.Series([6, 4], index=["(none)", "The Times of Israel"])
    png, meta = plots.bar_chart(values, title="Documents per outlet", caption="Six name no outlet.")._repr_png_()
    assert png.startswith(b"\x89PNG") and meta == {"alt": "Six name no outlet."}
    _, meta = plots.bar_chart(values, title="Documents per outlet")._repr_png_()
    assert meta["alt"] == "Bar chart, Documents per outlet: (none) 6, The Times of Israel 4."


def test_nothing_to_draw_is_a_sentence():
    empty = plots.bar_chart(pd.Series(dtype=int), title="Cluster sizes", empty="No clusters of copies.")
    assert isinstance(empty, plots.Sentence) and empty._repr_html_() == '<p class="newslab-empty">No clusters of copies.</p>'
    assert isinstance(plots.period_bars(pd.Series(dtype=int), title="t", ylabel="y"), plots.Sentence)


def test_map_labels_the_top_points():
    fig = plots.scatter_map([0, 1, 2], [0, 1, 0], [0, 0, 1], title="Documents by topic",
                            names=["first", "second", "third"], priority=[0.1, 0.9, 0.5], n_labels=2)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["second", "third"]
