"""The entity network (notebook 20, second half): who is mentioned with whom, counted per window, as a graph
with its metrics, backbone and ego networks, changes between periods, the sentences behind each edge and the
key findings."""
from .cooccurrence import CooccurrenceResult, cooccurrence
from .evidence import edge_evidence, evidence
from .explorer import explore
from .findings import key_findings
from .graph import backbone, ego, node_metrics, to_graph, top_subgraph, write_graph

__all__ = ["CooccurrenceResult", "backbone", "cooccurrence", "edge_evidence", "ego", "evidence", "explore", "key_findings", "node_metrics",
           "to_graph", "top_subgraph", "write_graph"]
