"""Entities (notebook 20, first half): spaCy sentences and entity mentions, their cache, and one name per
entity (normalisation, aliases a user can edit, and the review of what was merged)."""
from .annotate import NAMED_LABELS, Annotations, annotate, load_model
from .names import alias_table, entity_counts, normalize_entities
from .review import merge_review

__all__ = ["NAMED_LABELS", "Annotations", "alias_table", "annotate", "entity_counts", "load_model", "merge_review",
           "normalize_entities"]
