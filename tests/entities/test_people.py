"""People's names: spellings that agree on given names, surnames resolved in-document first, then by dominance."""
import pytest

from entity_rows import canon, canonical_of
from newslab.entities.people import cluster_full_names, given_names_agree, parse_name


@pytest.mark.parametrize("a, b, same", [
    ("Benjamin", "Binyamin", True), ("Mohammad", "Muhammad", True), ("Mohammed", "Muhammad", True),
    ("Sergei", "Sergey", True), ("Jean-Claude", "Jean-Claude", True),
    ("Tim", "Tom", False), ("John", "Joan", False), ("Martin", "Morton", False), ("Maria", "Mario", False),
    ("Daniel", "Daniela", False), ("Christina", "Christine", False), ("Jean-Claude", "Jean", False),
])
def test_given_names_agree(a, b, same):
    assert given_names_agree(a, b) is same


def test_parse_name_refuses_debris_and_titles():
    assert parse_name("George H. W. Bush") == ("George", ("H.", "W."), "Bush")
    assert parse_name("Bashar al-Assad") == ("Bashar", (), "al-Assad")
    assert parse_name("him.- Israel") is None
    assert parse_name("King Abdullah") is None
    assert parse_name("Trump") is None


def test_variants_of_a_name_merge_only_when_given_and_middle_names_agree():
    counts = {"George W. Bush": 5, "George H. W. Bush": 3, "George Bush": 4, "Binyamin Netanyahu": 1,
              "Benjamin Netanyahu": 6, "Donald Trump": 9, "Donald J. Trump": 2, "Tim Smith": 2, "Tom Smith": 2}
    merged = cluster_full_names(counts)
    assert merged["Binyamin Netanyahu"] == "Benjamin Netanyahu"
    assert merged["Donald J. Trump"] == "Donald Trump"  # the most mentioned spelling names the person
    assert merged["George H. W. Bush"] == "George H. W. Bush" and merged["George W. Bush"] == "George W. Bush"
    assert merged["George Bush"] == "George Bush"  # fits both Bushes: left alone
    assert merged["Tim Smith"] == "Tim Smith" and merged["Tom Smith"] == "Tom Smith"
    only_one = cluster_full_names({"George Bush": 4, "George W. Bush": 1})  # no other Bush: one person
    assert only_one["George W. Bush"] == only_one["George Bush"] == "George Bush"


def test_same_surname_people_in_one_story_stay_apart():
    result = canon({"a": ("Tim Smith met Tom Smith. Smith said no.",
                          [("Tim Smith", "PERSON"), ("Tom Smith", "PERSON"), ("Smith", "PERSON")])})
    assert canonical_of(result, "a", "Tim Smith") == {"Tim Smith"}
    assert canonical_of(result, "a", "Tom Smith") == {"Tom Smith"}
    assert canonical_of(result, "a", "Smith") == {"Smith"}  # which Smith? ambiguous: left alone


def test_surname_resolves_within_its_document_first():
    result = canon({
        "a": ("John Smith met reporters. Smith said no.", [("John Smith", "PERSON"), ("Smith", "PERSON")]),
        "b": ("Jane Smith won. Smith thanked fans.", [("Jane Smith", "PERSON"), ("Smith", "PERSON")]),
        "c": ("Smith was not named in full here.", [("Smith", "PERSON")]),
        "d": ("Sergei Lavrov said. Lavrov left.", [("Sergei Lavrov", "PERSON"), ("Lavrov", "ORG")]),
        "e": ("Bashar al-Assad spoke. Assad left.", [("Bashar al-Assad", "PERSON"), ("Assad", "PERSON")]),
    })
    assert canonical_of(result, "a", "Smith") == {"John Smith"}
    assert canonical_of(result, "b", "Smith") == {"Jane Smith"}
    assert canonical_of(result, "c", "Smith") == {"Smith"}  # two Smiths of equal weight in the corpus
    assert canonical_of(result, "d", "Lavrov") == {"Sergei Lavrov"}  # a surname the model tagged ORG
    assert canonical_of(result, "e", "Assad") == {"Bashar al-Assad"}
    assert set(result.loc[result.canonical == "Sergei Lavrov", "label"]) == {"PERSON"}


def test_a_dominant_full_name_takes_the_bare_surname_an_ambiguous_one_does_not():
    docs = {f"t{k}": (f"Donald Trump spoke on day {k}.", [("Donald Trump", "PERSON")]) for k in range(9)}
    docs |= {"ivanka": ("Ivanka Trump spoke.", [("Ivanka Trump", "PERSON")]),
             "bare": ("Trump said. Trump left.", [("Trump", "PERSON"), ("Trump", "ORG")]),
             "j1": ("Jane Smith spoke.", [("Jane Smith", "PERSON")]), "j2": ("John Smith spoke.", [("John Smith", "PERSON")]),
             "j3": ("John Smith spoke.", [("John Smith", "PERSON")]), "smith": ("Smith said.", [("Smith", "PERSON")])}
    result = canon(docs)
    assert canonical_of(result, "bare", "Trump") == {"Donald Trump"}  # 9 of 10 documents naming a Trump
    assert set(result.loc[result.doc_id == "bare", "rule"]) == {"surname (corpus)"}
    assert canonical_of(result, "smith", "Smith") == {"Smith"}  # John Smith holds 2 of 3: not a clear majority


def test_the_carmaker_stays_apart_from_henry_ford():
    result = canon({
        "bio": ("Henry Ford built cars. Ford died in 1947.", [("Henry Ford", "PERSON"), ("Ford", "PERSON")]),
        "recall": ("Ford recalled 300,000 trucks. Ford said. Shares of Ford fell.",
                   [("Ford", "ORG"), ("Ford", "ORG"), ("Ford", "ORG")]),
    })
    assert canonical_of(result, "bio", "Ford") == {"Henry Ford"}
    assert canonical_of(result, "recall", "Ford") == {"Ford"}
    assert set(result.loc[result.canonical == "Ford", "label"]) == {"ORG"}


def test_a_nationality_never_becomes_a_person_whose_last_word_it_is():
    docs = {"palmyra": ("Palmyra Russian wrote. Russian jets flew.", [("Palmyra Russian", "PERSON"), ("Russian", "NORP")])}
    docs |= {f"n{k}": ("Russian troops and Russian ships. The Russian spoke.",
                       [("Russian", "NORP"), ("Russian", "NORP"), ("Russian", "PERSON")]) for k in range(3)}
    docs |= {"israel": ("Shalom Israel spoke. Israel struck.", [("Shalom Israel", "PERSON"), ("Israel", "GPE")])}
    result = canon(docs)
    assert set(result.loc[result.text == "Russian", "canonical"]) == {"Russian"}
    assert set(result.loc[result.text == "Russian", "label"]) == {"NORP"}
    assert canonical_of(result, "israel", "Israel") == {"Israel"}  # a GPE mention, even beside that full name


def test_a_royal_title_keeps_a_single_name_apart():
    result = canon({"a": ("King Abdullah met Abdullah Abdullah. Abdullah said.",
                          [("King Abdullah", "PERSON"), ("Abdullah Abdullah", "PERSON"), ("Abdullah", "PERSON")])})
    assert canonical_of(result, "a", "King Abdullah") == {"King Abdullah"}
    assert canonical_of(result, "a", "Abdullah Abdullah") == {"Abdullah Abdullah"}


def test_seed_netanyahu_spellings_are_one_person():
    result = canon({
        "toi": ("Prime Minister Benjamin Netanyahu spoke. Later Netanyahu left.",
                [("Prime Minister Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON")]),
        "debka": ("Binyamin Netanyahu said so. Netanyahu has never referred to war.",
                  [("Binyamin Netanyahu", "PERSON"), ("Netanyahu", "ORG")]),
        "other": ("Benjamin Netanyahu again.", [("Benjamin Netanyahu", "PERSON")]),
    })
    assert set(result["canonical"]) == {"Benjamin Netanyahu"}
    assert set(result["label"]) == {"PERSON"}  # one label, though the model called one mention ORG
