"""The findings a reader needs first, as sentences in numbers and names, from a TopicResult."""
from __future__ import annotations

from ..show.prose import count_noun
from .model import TopicResult
from .outlets import outlet_warnings


def key_findings(result: TopicResult, *, n_largest: int = 3) -> list[str]:
    """Sentences for the top of the notebook: topics found, the largest by their terms, copies collapsed,
    empty documents left out, outlet-bound terms dropped, topics made mostly of one story's copies or of one outlet
    (warnings), stability and label agreement."""
    m, topics = result.metrics, result.topics
    left_out = []
    if m.get("empty_left_out"):
        left_out.append(f"{count_noun(m['empty_left_out'], 'empty or near-empty document')} left out.")
    if m.get("other_languages_left_out"):
        left_out.append(f"{count_noun(m['other_languages_left_out'], 'document')} in other languages than English left "
                        "out (topics use English stopwords and terms).")
    if result.info.get("not_enough"):
        return [result.info["not_enough"], *left_out]
    tried = result.info.get("k_tried")
    how = f"the finest of the most stable among {tried[0]}–{tried[1]} topics" if tried else "as asked"
    found = [f"{count_noun(m['n_topics'], 'topic')} ({how}) among {count_noun(m['documents'], 'distinct document')}, "
             f"method {m['method']}."]
    if m.get("fit_sample"):
        found.append(f"Fitted on a random sample of {count_noun(m['fit_sample'], 'distinct document')} (fit_sample); "
                     f"the other {m['documents'] - m['fit_sample']:,} took the topic whose centre is nearest (cosine of "
                     "TF-IDF). Vocabulary, outlet guard, coherence and stability come from the sample; top terms, sizes "
                     "and label agreement count every document.")
    largest = topics.sort_values(["size", "topic"], ascending=[False, True], kind="stable").head(n_largest)
    found.append("Largest: " + "; ".join(f"topic {t.topic} “{', '.join(t.top_terms.split(', ')[:4])}” "
                                        f"({count_noun(int(t.size), 'document')}, {t.share:.0%})" for t in largest.itertuples()) + ".")
    copies = m.get("copies_collapsed", 0)
    stories = result.doc_topics.loc[result.doc_topics["copy_of"].notna(), "copy_of"].nunique()
    if result.info.get("collapse_duplicates"):
        found.append(f"{count_noun(copies, 'document')} collapsed as near-duplicate copies of {count_noun(stories, 'story')} "
                     "(each counted once)." if copies else "No near-duplicate copies found: every document counted.")
    else:
        lead = (f"{count_noun(copies, 'document')} identical to an earlier one counted once; near-duplicate" if copies
                else "Near-duplicate")
        found.append(f"{lead} copies were not collapsed: syndicated stories count once per copy.")
    found.extend(left_out)
    dropped = result.dropped_terms
    if len(dropped):
        sample = ", ".join(f"{t.term} ({t.outlet})" for t in dropped.head(5).itertuples())
        found.append(f"{count_noun(len(dropped), 'term')} bound to one outlet left out of the topic features, e.g. {sample}.")
    found.extend(outlet_warnings(topics, result.outlet_shares))
    for t in topics[topics["mostly_copies"]].itertuples():
        found.append(f"Topic {t.topic} (“{t.label}”) is mostly copies of one story: {t.largest_story_share:.0%} "
                     f"of its {count_noun(int(t.size + t.copies), 'document')}.")
    found.append(f"Stability {m['stability']:.2f} (ARI between the topics with two seeds; 1 = the seed changes nothing).")
    if "nmi" in m:
        found.append(f"Agreement with the label column: NMI {m['nmi']:.2f}, ARI {m['ari']:.2f}.")
    return found
