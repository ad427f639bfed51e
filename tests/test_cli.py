"""The newslab command: outputs, summaries and one-line errors with exit code 2."""
import subprocess
import sys

import pandas as pd
import pytest

from conftest import SEEDS


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "newslab.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_corpus_command_writes_table_and_summary(tmp_path):
    out = tmp_path / "corpus.parquet"
    result = run_cli("corpus", SEEDS, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "documents:  12 (4 empty" in result.stdout
    assert "The Times of Israel (4)" in result.stdout
    assert len(pd.read_parquet(out)) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boilerplate.csv", "corpus.parquet"]  # no temp file left


def test_corpus_command_bad_path_is_one_line_exit_2(tmp_path):
    out = tmp_path / "corpus.parquet"
    result = run_cli("corpus", tmp_path / "nope", "--out", out)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "nope" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_corpus_command_bad_csv_writes_nothing(tmp_path):
    csv = tmp_path / "x.csv"
    csv.write_text("id,body_html\n1,hello\n")
    out = tmp_path / "corpus.parquet"
    result = run_cli("corpus", csv, "--out", out)
    assert result.returncode == 2 and "x.csv" in result.stderr and "text" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_entities_command_writes_three_tables(tmp_path):
    result = run_cli("entities", SEEDS, "--out", tmp_path / "ents", "--cache-dir", tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "ents").iterdir()) == ["aliases.csv", "entities.csv", "sentences.csv"]
    aliases = pd.read_csv(tmp_path / "ents" / "aliases.csv")
    assert ("Netanyahu", "Benjamin Netanyahu") in set(zip(aliases.alias, aliases.canonical))
    assert "Benjamin Netanyahu" in result.stdout


def test_corpus_command_writes_boilerplate_csv_and_takes_it_back(tmp_path):
    from conftest import shared_path
    from realworld import bbc_stories, make_outlet_corpus

    stories = bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=30, seed=4)
    source = make_outlet_corpus(stories, n_outlets=3, seed=4).write_jsonl(tmp_path / "in" / "corpus.jsonl")
    result = run_cli("corpus", source, "--out", tmp_path / "corpus.parquet")
    assert result.returncode == 0, result.stderr
    assert "boilerplate.csv" in result.stdout and "of the words" in result.stdout
    table = pd.read_csv(tmp_path / "boilerplate.csv", keep_default_na=False)
    assert {"outlet", "kind", "template", "example", "documents", "action"} <= set(table.columns)
    assert set(table["action"]) == {"remove"} and table["outlet"].nunique() == 3
    cleaned = pd.read_parquet(tmp_path / "corpus.parquet")
    table.loc[:, "action"] = "keep"
    table.to_csv(tmp_path / "edited.csv", index=False)
    result = run_cli("corpus", source, "--out", tmp_path / "again.parquet", "--boilerplate", tmp_path / "edited.csv")
    assert result.returncode == 0, result.stderr
    again = pd.read_parquet(tmp_path / "again.parquet")
    assert (again["text"] == again["raw_text"]).all() and (cleaned["text"] != cleaned["raw_text"]).all()
    result = run_cli("corpus", source, "--out", tmp_path / "kept.parquet", "--boilerplate", "keep")
    assert result.returncode == 0 and (pd.read_parquet(tmp_path / "kept.parquet")["text"] == again["text"]).all()


@pytest.mark.parametrize("command", ["corpus", "topics", "duplicates", "entities", "cooccurrence"])
def test_every_command_that_loads_a_corpus_takes_boilerplate(command, tmp_path):
    result = run_cli(command, SEEDS, "--out", tmp_path / "out.csv", "--boilerplate", "drop")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "newslab: error: boilerplate must be 'remove', 'keep' or a boilerplate .csv file, got 'drop'"]
