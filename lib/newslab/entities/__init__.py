"""Entities (notebook 20): spaCy sentences and entity mentions, their cache, one name per entity, and who is
mentioned with whom (co-occurrence counts, graph, time slices, evidence)."""
from .annotate import NAMED_LABELS, Annotations, annotate, load_model
from .cooccurrence import CooccurrenceResult, cooccurrence
from .evidence import evidence, evidence_html
from .findings import key_findings
from .graph import backbone, ego, node_metrics, to_graph, write_graph
from .names import alias_table, entity_counts, normalize_entities
from .review import merge_review

__all__ = ["NAMED_LABELS", "Annotations", "CooccurrenceResult", "alias_table", "annotate", "backbone", "cooccurrence",
           "ego", "entity_counts", "evidence", "evidence_html", "key_findings", "load_model", "merge_review",
           "node_metrics", "normalize_entities", "to_graph", "write_graph"]
