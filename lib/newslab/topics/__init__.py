"""Topics (notebook 10): topic models, their quality metrics, and topics over time and by group."""
from .model import TopicResult, fit_topics, metrics_table, pick_group_column

__all__ = ["TopicResult", "fit_topics", "metrics_table", "pick_group_column"]
