"""Topics (notebook 10): topic models, their quality metrics, key findings, and topics over time and by group."""
from .findings import key_findings
from .model import PARAMS, TopicResult, check_k_range, fit_topics, metrics_table, pick_group_column

__all__ = ["PARAMS", "TopicResult", "check_k_range", "fit_topics", "key_findings", "metrics_table",
           "pick_group_column"]
