"""The learned keeper of organisations and places (`reader.enrich.keeper`): what it drops, what it never drops."""

from __future__ import annotations

import pytest

from reader.enrich import enrich_many, keeper
from reader.enrich.actors import ActorInfo
from reader.ingest import Article


def _names(body: str, kind: str) -> set[str]:
    (e,) = enrich_many([Article("k", "k.txt", "Essai", None, "fr", body)])
    return {a.name for a in e.actors if a.kind == kind}


def test_a_model_named_after_its_maker_is_no_organisation_but_the_maker_is():
    orgs = _names(
        "Bugatti a dévoilé jeudi à Molsheim la Bugatti Chiron Pur Sport, une version allégée de son hypercar. "
        "La Bugatti Chiron Pur Sport sera produite à 60 exemplaires.",
        "organisation",
    )
    assert "Bugatti" in orgs
    assert "Bugatti Chiron Pur Sport" not in orgs


def test_a_product_named_by_its_maker_as_a_party_is_its_maker(monkeypatch: pytest.MonkeyPatch):
    drop_all = keeper.Keeper({}, 0.0, 1.1)  # the keeper says no name is an organisation
    monkeypatch.setattr(keeper, "_loaded", [{"organisation": drop_all}])
    body = "Essai\n\nLa Bugatti Chiron Tourbillon a été créée avec Jacob & Co. BMW Group et Volvo Cars aussi."

    def actor(name: str) -> ActorInfo:
        return ActorInfo(name, "organisation", [(body.index(name), body.index(name) + len(name))])

    found = keeper.makers(
        [actor(n) for n in ("Bugatti Chiron Tourbillon", "Jacob & Co", "BMW Group", "Volvo Cars")], body
    )
    assert found == {"Bugatti Chiron Tourbillon": "Bugatti"}  # a company's own name ("Group", "Cars") stays


def test_a_company_of_one_word_that_acts_stays_an_organisation():
    """A one-word name is judged by its shape and its context, not by its word learnt by heart."""
    assert "Apple" in _names(
        "Selon Bloomberg, Apple prépare un nouvel iPhone. Le groupe de Cupertino n'a pas commenté.", "organisation"
    )


def test_a_party_a_party_s_place_and_a_medium_of_the_tables_are_never_dropped(monkeypatch: pytest.MonkeyPatch):
    drop_all = keeper.Keeper({}, 0.0, 1.1)  # scores every name below its threshold
    monkeypatch.setattr(keeper, "_loaded", [{"organisation": drop_all, "place": drop_all}])
    body = "Essai\n\nTokyo et Renault ont signé. L'AFP a annoncé la fermeture de son bureau. Zeta Motors aussi."
    actors = [
        ActorInfo("Renault", "organisation", [(body.index("Renault"), body.index("Renault") + 7)]),
        ActorInfo("Tokyo", "place", [(7, 12)]),
        ActorInfo("AFP", "organisation", [(body.index("AFP"), body.index("AFP") + 3)]),
        ActorInfo("Zeta Motors", "organisation", [(body.index("Zeta"), body.index("Zeta") + 11)]),
        ActorInfo("Jean Dupont", "person", [(0, 5)]),
    ]
    kept = {a.name for a in keeper.kept(actors, body, {"Renault", "Japon"})}
    assert kept == {"Renault", "Tokyo", "AFP", "Jean Dupont"}


def test_a_new_keeper_makes_indexes_re_extract():
    from reader.enrich import MODEL_VERSION

    data = keeper.MODEL.read_text(encoding="utf-8")
    assert keeper.load() and '"version"' in data
    import json

    assert json.loads(data)["version"] in MODEL_VERSION.split("/")


def test_the_first_paragraph_of_an_article_without_a_title_is_no_title():
    body = "Renault a signé avec Nissan.\n\nLe groupe a confirmé."
    renault = ActorInfo("Renault", "organisation", [(0, 7)])
    assert "in_title" in keeper.features(renault, body)  # what the model read opens with a title
    assert "in_title" not in keeper.features(renault, body, title_end=0)  # it had none


def test_a_product_the_article_names_after_its_maker_as_a_party_is_its_maker(monkeypatch: pytest.MonkeyPatch):
    """ "la Giulia GTA … en collaboration avec Sauber": the article wrote "les Alfa Romeo Giulia GTA" elsewhere, so
    the product's maker is an organisation of the article even where no table knows the brand."""
    body = (
        "Essai\n\nZorvex Motori présente les Zorvex Motori Calida GTA et GTAm. La Calida GTA a été développée en "
        "collaboration avec Sauber Engineering. Zorvex Motori Group confirme."
    )

    def actor(name: str, kind: str = "organisation") -> ActorInfo:
        return ActorInfo(name, kind, [(body.index(name), body.index(name) + len(name))])

    products = {"Calida GTA", "Zorvex Motori Calida GTA"}

    class Scores(keeper.Keeper):
        def keeps(self, a: ActorInfo, body: str, title_end: int | None = None) -> bool:
            return a.name not in products

    monkeypatch.setattr(keeper, "_loaded", [{"organisation": Scores({}, 0.0, 0.5)}])
    names = ("Zorvex Motori", "Calida GTA", "Zorvex Motori Calida GTA", "Sauber Engineering", "Zorvex Motori Group")
    found = keeper.makers([actor(n) for n in names], body)
    assert found == {"Calida GTA": "Zorvex Motori", "Zorvex Motori Calida GTA": "Zorvex Motori"}
