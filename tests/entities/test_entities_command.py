"""End to end on the seeds with the real model: same tables from a fresh and a cached run, whatever the row
order, and an edited aliases.csv passed back with --aliases wins."""
import warnings

import pandas as pd
import pytest

from conftest import SEEDS
from newslab.cli import main
from newslab.entities.annotate import annotate

pytestmark = pytest.mark.slow  # the real spaCy model


@pytest.fixture(autouse=True)
def keep_warning_display(monkeypatch):
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # main() replaces it


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """`newslab entities` on the seeds twice with one empty $NEWSLAB_CACHE_DIR: fresh, then from the cache."""
    root = tmp_path_factory.mktemp("entities-command")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(warnings, "showwarning", warnings.showwarning)
        mp.setenv("NEWSLAB_CACHE_DIR", str(root / "cache"))
        for name in ("fresh", "cached"):
            assert main(["entities", str(SEEDS), "--out", str(root / name)]) == 0
    return root


def test_cached_and_fresh_runs_write_identical_tables(runs, capsys):
    assert list((runs / "cache").rglob("shard-*.parquet"))  # the second run had a cache to read
    for table in ("entities.csv", "sentences.csv", "aliases.csv"):
        assert (runs / "fresh" / table).read_bytes() == (runs / "cached" / table).read_bytes(), table


def test_shuffled_rows_give_the_same_entities(seed_corpus, runs):
    shuffled = annotate(seed_corpus.sample(frac=1, random_state=7), cache_dir=runs / "cache", progress=False)
    assert shuffled.n_annotated == 0
    key = ["doc_id", "start_char"]
    fresh = pd.read_csv(runs / "fresh" / "entities.csv", dtype={"doc_id": str}, keep_default_na=False)
    again = shuffled.entities.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(again, fresh.sort_values(key).reset_index(drop=True), check_dtype=False)


def test_an_edited_alias_table_wins(runs, tmp_path, capsys):
    table = pd.read_csv(runs / "fresh" / "aliases.csv", dtype=str, keep_default_na=False)
    entities = pd.read_csv(runs / "fresh" / "entities.csv", dtype=str, keep_default_na=False)
    assert "Benjamin Netanyahu" in set(table["canonical"])
    table.loc[table.canonical == "Benjamin Netanyahu", "canonical"] = "Netanyahu, Benjamin"  # rename
    split = table[(table.alias == "IRGC") & (table.canonical != "IRGC")].index  # undo one acronym merge
    assert len(split) == 1
    irgc_entity = table.loc[split[0], "canonical"]
    table.loc[split, "canonical"] = "IRGC"
    table.to_csv(tmp_path / "aliases.csv", index=False)
    out = tmp_path / "edited"
    assert main(["entities", str(SEEDS), "--out", str(out), "--aliases", str(tmp_path / "aliases.csv"),
                 "--cache-dir", str(runs / "cache")]) == 0
    assert "mentions renamed" in capsys.readouterr().out
    edited = pd.read_csv(out / "entities.csv", dtype=str, keep_default_na=False)
    was_netanyahu = entities["canonical"] == "Benjamin Netanyahu"
    assert set(edited.loc[was_netanyahu, "canonical"]) == {"Netanyahu, Benjamin"}
    assert set(edited.loc[edited.text == "IRGC", "canonical"]) == {"IRGC"}
    assert irgc_entity in set(edited["canonical"])  # the long forms are still one entity without the acronym
    unchanged = ~was_netanyahu & (edited["text"] != "IRGC")
    assert (edited.loc[unchanged, "canonical"] == entities.loc[unchanged, "canonical"]).all()
    rewritten = pd.read_csv(out / "aliases.csv", dtype=str, keep_default_na=False)
    assert set(rewritten.loc[rewritten.alias == "IRGC", "canonical"]) == {"IRGC"}  # the edit survives the round trip


def test_a_missing_alias_file_stops_before_the_model(tmp_path, capsys):
    assert main(["entities", str(SEEDS), "--out", str(tmp_path / "o"), "--aliases", str(tmp_path / "none.csv")]) == 2
    assert "none.csv: no such file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_engine_and_scheduler_reach_annotate(tmp_path, monkeypatch):
    import newslab.entities as entities

    seen = {}

    def fake_annotate(corpus, **kwargs):
        seen.update(kwargs)
        raise KeyboardInterrupt  # stop before any work; main() reports it as interrupted

    monkeypatch.setattr(entities, "annotate", fake_annotate)
    code = main(["entities", str(SEEDS), "--out", str(tmp_path / "e"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 130 and seen["engine"] == "dask" and seen["scheduler"] == "tcp://127.0.0.1:9"
