"""The scoring script's comparison of parties (eval/score.py): what counts as the label's parties exactly, and what
only up to the names' forms. The README's figures rest on it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from score import same_parties, same_parties_loosely  # noqa: E402


@pytest.mark.parametrize(
    ("found", "labelled"),
    [
        (["LR", "Gérard Collomb"], ["Gérard Collomb", "Les Républicains"]),  # an alias of the lexicon
        (["France", "Abou Dhabi"], ["France", "Émirats arabes unis"]),  # a capital for its country
        (["Palestiniens", "Israël"], ["Palestine", "Israël"]),  # a demonym for its country
        (["Anne Hidalgo", "écologistes"], ["Anne Hidalgo", "EELV"]),  # a group for its party
        (["Stanford", "Scripps"], ["Stanford", "Scripps Research"]),  # a name inside the other
        (["La République en marche", "Les Républicains"], ["LREM", "Les Républicains"]),  # initials
    ],
)
def test_a_party_named_in_another_form_is_right_only_forms_aside(found: list[str], labelled: list[str]) -> None:
    assert not same_parties(found, labelled)
    assert same_parties_loosely(found, labelled)


def test_accents_and_case_aside_the_same_names_are_exactly_right() -> None:
    assert same_parties(["etats-unis", "JAPON"], ["États-Unis", "Japon"])


@pytest.mark.parametrize(
    ("found", "labelled"),
    [
        (["ONU", "Tunisie"], ["France", "Tunisie"]),  # another party
        (["Bell Media", "CTV", "Jessica Mulroney"], ["Bell Media", "CTV"]),  # one too many
        (["Harvey Weinstein"], ["Harvey Weinstein", "Weinstein Company"]),  # one missing
        (["Les Républicains", "LR"], ["Les Républicains", "Gérard Collomb"]),  # two names for one label's party
    ],
)
def test_another_party_is_wrong_whatever_the_forms(found: list[str], labelled: list[str]) -> None:
    assert not same_parties_loosely(found, labelled)
