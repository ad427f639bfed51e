"""Outlet reuse flow and coordinated publishing: the planted coordinated corpus, copies within an outlet, wire
credits, ties, empty corpora and determinism."""
import numpy as np
import pandas as pd
import pytest

from newslab.cli import main
from newslab.corpus import load_corpus
from newslab.errors import ParameterError
from newslab.reuse import find_duplicates, find_flows, flow_findings
from newslab.reuse.coordinated import parse_duration

from conftest import shared_path
from tiny_corpora import corpus_of, words


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The coordinated corpus (six lock-step outlets, six independent, six background) read as a user would."""
    from realworld import bbc_stories, make_coordinated_corpus

    truth = make_coordinated_corpus(bbc_stories(shared_path("corpora", "bbc", "articles"), drop_duplicates=True), seed=0)
    path = tmp_path_factory.mktemp("coordinated") / "corpus.parquet"
    truth.docs.to_parquet(path)
    return truth, load_corpus(path)


@pytest.fixture(scope="module")
def planted_flows(planted):
    return find_flows(planted[1])


def test_the_six_coordinated_outlets_form_one_group_and_no_other_outlet_joins_it(planted, planted_flows):
    truth, _ = planted
    coordinated = set(truth.groups.loc[truth.groups["group"] == "coordinated", "outlet"])
    groups = planted_flows.groups
    assert len(coordinated) == 6
    assert groups.groupby("group")["outlet"].agg(frozenset).tolist() == [frozenset(coordinated)]
    assert set(groups["community"]) == {0}  # Louvain keeps the lock-step six together
    edges = planted_flows.coordinated
    assert len(edges) == 15 and (edges["weight"] >= 25).all() and (edges["edge_symmetry"] == 1.0).all()
    evidence = planted_flows.evidence
    assert set(evidence["outlet"]) == coordinated
    assert evidence.groupby("item")["date"].agg(lambda d: d.max() - d.min()).max() <= pd.Timedelta("1d")


def test_lags_into_the_coordinated_and_independent_outlets_match_the_planted_ones(planted, planted_flows):
    truth, _ = planted
    lags = planted_flows.lags
    assert "lag_hours" in lags.columns and "min_lag_hours" in planted_flows.edges.columns
    found = truth.lags.merge(lags, left_on=["doc_id", "source_doc_id"], right_on=["target_doc", "source_doc"], how="left",
                             suffixes=("_planted", "_found"))
    assert found["lag_hours_found"].notna().all(), "a planted re-publication has no flow"
    assert np.allclose(found["lag_hours_found"], found["lag_hours_planted"], atol=0.01)
    source = truth.groups.loc[truth.groups["group"] == "source", "outlet"].iat[0]
    edges = planted_flows.edges.set_index(["source", "target"])
    for outlet, group in truth.lags.groupby("outlet")["group"].first().items():
        planted_lags = truth.lags.loc[truth.lags["outlet"] == outlet, "lag_hours"]
        edge = edges.loc[(source, outlet)]
        assert edge["passages"] >= 25 and edge["target_share"] == 1.0
        # BBC's own shared paragraphs add a few unplanted texts to the source's edges, never a later first flow
        assert edge["min_lag_hours"] <= planted_lags.min() + 0.01, (outlet, group)
        assert edge["passages"] - 25 <= 3, (outlet, group)


def test_independent_and_background_outlets_make_no_coordinated_edge(planted, planted_flows):
    truth, _ = planted
    others = set(truth.groups.loc[truth.groups["group"] != "coordinated", "outlet"])
    edges = planted_flows.coordinated
    assert not (set(edges["outlet_a"]) | set(edges["outlet_b"])) & others


def test_same_corpus_and_seed_give_byte_identical_tables(planted, planted_flows, tmp_path):
    again = find_flows(planted[1])
    for name, table in planted_flows.tables().items():
        assert table.to_csv(index=False) == again.tables()[name].to_csv(index=False), name
    first = planted_flows.export(tmp_path / "a")
    second = again.export(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def _outlet_corpus(rows):
    """A corpus from (doc_id, outlet, date, text, credits) rows."""
    texts = {r[0]: r[3] for r in rows}
    corpus = corpus_of(texts, {r[0]: r[2] for r in rows})
    return corpus.assign(outlet=[r[1] for r in rows], credits=[r[4] for r in rows])


def test_exact_copies_within_one_outlet_count_once():
    rng = np.random.default_rng(1)
    passage = " ".join(words(rng, 60))
    copy = " ".join(words(rng, 50)) + " " + passage + " " + " ".join(words(rng, 50))
    corpus = _outlet_corpus([
        ("a1", "A", "2024-01-01 08:00", " ".join(words(rng, 40)) + " " + passage + " " + " ".join(words(rng, 40)), ""),
        ("b1", "B", "2024-01-02 08:00", copy, ""),
        ("b2", "B", "2024-01-02 09:00", copy, ""),  # the same text again in the same outlet
        ("b3", "B", "2024-01-05 09:00", " ".join(words(rng, 150)), ""),
    ])
    edge = find_flows(corpus).edges.set_index(["source", "target"]).loc[("A", "B")]
    assert (edge["passages"], edge["documents"], edge["target_documents"]) == (1, 1, 2)
    assert edge["target_share"] == 0.5 and edge["min_lag_hours"] == 24.0


def test_credits_become_source_nodes_where_no_earlier_holder_is_in_the_corpus():
    rng = np.random.default_rng(2)
    passage = " ".join(words(rng, 60))

    def story():
        return " ".join(words(rng, 40)) + " " + passage + " " + " ".join(words(rng, 40))

    corpus = _outlet_corpus([
        ("a1", "A", "2024-01-01 08:00", story(), "AFP; Reuters"),
        ("b1", "B", "2024-01-01 20:00", story(), "Reuters"),  # B has an earlier holder: A, not a wire
        ("c1", "C", "2024-01-03 08:00", story(), ""),
    ])
    result = find_flows(corpus)
    edges = result.edges
    wire = edges[edges["source_kind"] == "wire"]
    assert sorted(zip(wire["source"], wire["target"])) == [("AFP", "A"), ("Reuters", "A")]
    assert wire[["min_lag_hours"]].isna().all().all()
    outlet = edges[edges["source_kind"] == "outlet"]
    flows = sorted(zip(outlet["source"], outlet["target"], outlet["min_lag_hours"]))
    assert flows == [("A", "B", 12.0), ("A", "C", 48.0)]
    graph = result.flow_graph()
    assert graph.nodes["Reuters"]["kind"] == "wire" and graph.nodes["A"]["kind"] == "outlet"
    assert any("Reuters" in line for line in flow_findings(result))
    no_credits = find_flows(corpus.drop(columns="credits")).edges  # works without the column
    assert set(no_credits["source_kind"]) == {"outlet"}


def test_a_first_appearance_shared_by_two_outlets_makes_no_flow():
    rng = np.random.default_rng(3)
    passage = " ".join(words(rng, 60))

    def story():
        return " ".join(words(rng, 40)) + " " + passage + " " + " ".join(words(rng, 40))

    corpus = _outlet_corpus([("a1", "A", "2024-01-01", story(), ""), ("b1", "B", "2024-01-01", story(), ""),
                             ("c1", "C", "2024-01-04", story(), "")])
    result = find_flows(corpus)
    assert result.edges.empty and result.info["items_tied_first"] == 1
    assert result.info["lag_unit"] == "days" and "min_lag_days" in result.edges.columns


def test_empty_corpus_no_dates_or_no_outlets_give_empty_tables_with_the_reason():
    rng = np.random.default_rng(4)
    passage = " ".join(words(rng, 60))
    texts = {k: " ".join(words(rng, 40)) + " " + passage for k in ("a", "b")}
    cases = {
        "fewer than two documents": corpus_of({}),
        "no document has a date": corpus_of(texts).assign(outlet=["A", "B"]),
        "no document names its outlet": corpus_of(texts, {"a": "2024-01-01", "b": "2024-01-02"}),
    }
    for reason, corpus in cases.items():
        result = find_flows(corpus)
        assert reason in result.info["reason"]
        assert all(t.empty and len(t.columns) for t in result.tables().values()), reason
        assert flow_findings(result) == [f"No flow between outlets: {result.info['reason']}."]


def test_window_percentile_and_fast_sub_network():
    rng = np.random.default_rng(5)
    rows, n = [], 0
    # X and Y publish eight texts two hours apart; Z joins them on three of them, within minutes of X
    for k in range(8):
        passage = " ".join(words(rng, 50))
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=3 * k)
        for outlet, at in (("X", 0), ("Y", 120)) + ((("Z", 10),) if k < 3 else ()):
            n += 1
            rows.append((f"d{n}", outlet, str(day + pd.Timedelta(minutes=at)),
                         " ".join(words(rng, 30)) + " " + passage + " " + " ".join(words(rng, 30)), ""))
    corpus = _outlet_corpus(rows)
    edges = find_flows(corpus, time_window="1d", fast_window="30m").coordinated.set_index(["outlet_a", "outlet_b"])
    assert edges.loc[("X", "Y"), "weight"] == 8 and not edges.loc[("X", "Y"), "fast"]
    assert edges.loc[("X", "Z"), "weight"] == 3 and edges.loc[("X", "Z"), "fast"]
    assert len(find_flows(corpus, time_window="1h", fast_window="30m").coordinated) == 1  # only X–Z within an hour
    assert len(find_flows(corpus, min_repeats=4).coordinated) == 1
    top = find_flows(corpus, weight_percentile=90).coordinated
    assert list(zip(top["outlet_a"], top["outlet_b"])) == [("X", "Y")]


@pytest.mark.parametrize("bad", ["", "1", "2x", "-1h", "0d", 5])
def test_a_bad_duration_is_a_one_line_error_naming_the_parameter(bad):
    with pytest.raises(ParameterError, match="time_window"):
        find_flows(corpus_of({}), time_window=bad)


def test_durations_and_option_checks():
    assert parse_duration("w", "90m") == pd.Timedelta(minutes=90) and parse_duration("w", "2d") == pd.Timedelta(days=2)
    assert parse_duration("w", "1w") == pd.Timedelta(days=7) and parse_duration("w", "0.5h") == pd.Timedelta(minutes=30)
    with pytest.raises(ParameterError, match="fast_window"):
        find_flows(corpus_of({}), time_window="1h", fast_window="2h")
    with pytest.raises(ParameterError, match="weight_percentile"):
        find_flows(corpus_of({}), weight_percentile=100)
    with pytest.raises(ParameterError, match="min_repeats"):
        find_flows(corpus_of({}), min_repeats=0)


def test_cli_writes_the_tables_and_graphs_and_names_a_bad_option(tmp_path, capsys):
    rng = np.random.default_rng(6)
    passage = " ".join(words(rng, 60))
    corpus = _outlet_corpus([(f"d{i}", o, f"2024-01-0{i + 1}", " ".join(words(rng, 40)) + " " + passage, "")
                             for i, o in enumerate("ABC")])
    path = tmp_path / "corpus.csv"
    corpus[["doc_id", "outlet", "date", "text"]].rename(columns={"doc_id": "id"}).to_csv(path, index=False)
    assert main(["flow", str(path), "--out", str(tmp_path / "out"), "--time-window", "2d", "--min-repeats", "1"]) == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"outlet_edges.csv", "coordinated_edges.csv", "coordinated_groups.csv", "flow.gexf", "flow.graphml",
            "coordinated.gexf", "coordinated.graphml"} <= names
    edges = pd.read_csv(tmp_path / "out" / "outlet_edges.csv")
    assert sorted(zip(edges["source"], edges["target"])) == [("A", "B"), ("A", "C")]
    assert main(["flow", str(path), "--out", str(tmp_path / "x"), "--time-window", "soon"]) == 2
    assert "--time-window must be a duration such as 30m, 1h, 2d or 1w, got 'soon'" in capsys.readouterr().err


def test_outlets_sharing_wire_copy_at_their_own_times_are_not_coordinated_and_credits_are_wire_sources(tmp_path):
    """make_outlet_corpus plants 300 wire passages in 3-10 of 12 outlets at random later times, and no lock-step:
    busy outlets meet within a day now and then by chance, which must not make a coordinated group."""
    from realworld import bbc_stories, make_outlet_corpus
    from realworld_templates import CREDITS

    truth = make_outlet_corpus(bbc_stories(shared_path("corpora", "bbc", "articles"), drop_duplicates=True),
                               n_outlets=12, wire_passages=300, wire_outlets=(3, 10), seed=0)
    truth.docs.to_parquet(tmp_path / "corpus.parquet")
    corpus = load_corpus(tmp_path / "corpus.parquet")
    duplicates = find_duplicates(corpus)
    result = find_flows(corpus, duplicates=duplicates)
    assert result.coordinated.empty and result.groups.empty
    assert len(find_flows(corpus, duplicates=duplicates, min_share=0).coordinated) > 0  # chance meetings
    wire = result.edges[result.edges["source_kind"] == "wire"]
    assert len(wire) and set(wire["source"]) <= {a for agencies in CREDITS for a in agencies}
    assert set(wire["target"]) <= set(truth.docs["outlet"])


def test_holdings_in_any_row_order_give_the_same_flows_and_pairs(planted_flows):
    from newslab.reuse.coordinated import co_publications
    from newslab.reuse.holdings import flow_lags

    held = planted_flows.holdings
    shuffled = held.sample(frac=1, random_state=0)
    assert flow_lags(shuffled).equals(flow_lags(held))
    key = ["item", "outlet_a", "outlet_b", "row_a", "row_b"]
    a = co_publications(held, window=pd.Timedelta("1d")).sort_values(key).reset_index(drop=True)
    b = co_publications(shuffled, window=pd.Timedelta("1d")).sort_values(key).reset_index(drop=True)
    assert len(a) > 100 and a.equals(b)
