"""What notebooks use to show things, in one place: tables, findings, figures, networks and marked texts.

`from newslab import show` then `show.table(...)`, `show.findings(...)`, `show.bar_chart(...)`,
`show.network(...)`, `show.side_by_side(...)`, `show.evidence(...)`, `show.topic_map(...)` (interactive; the
network explorer is `newslab.network.explore(...)`). `show.setup(...)` is the first cell.
"""
from .explorer import network_explorer as explorer
from .html import before_after
from .html import evidence_view as evidence
from .html import side_by_side
from .network import flow_figure as flow_graph
from .network import network_figure as network
from .network import pair_heatmap
from .plots import bar_chart, heatmap, histogram, line_chart, period_bars, scatter_map
from .setup import note, setup
from .tables import note_resolved as resolved
from .tables import show_figure as figure
from .tables import show_findings as findings
from .tables import show_table as table
from .topicmap import topic_map

__all__ = ["bar_chart", "before_after", "evidence", "explorer", "figure", "findings", "flow_graph", "heatmap",
           "histogram", "line_chart", "network", "note", "pair_heatmap", "period_bars", "resolved", "scatter_map",
           "setup", "side_by_side", "table", "topic_map"]
