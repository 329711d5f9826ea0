"""Institutions named by a common noun or taken for places are organisations among an article's actors (issue 11:
organisations keep their whole name; eval/README.md, "Institutions, enrich-37"). Invented French sentences."""

from __future__ import annotations

import pytest

from reader.enrich import Enrichment, enrich_many
from reader.ingest import parse


def run(body: str) -> Enrichment:
    (e,) = enrich_many([parse(f"Justice: la semaine\n2020-06-30\n\n{body}\n", "x.txt")])
    return e


def actors(e: Enrichment, kind: str) -> set[str]:
    return {a.name for a in e.actors if a.kind == kind}


@pytest.mark.parametrize(
    "body,name",
    [
        ("Le ministère de la Santé a publié lundi de nouveaux chiffres sur l'épidémie.", "ministère de la Santé"),
        ("Une enquête a été ouverte par le parquet de Lyon après la plainte du maire.", "parquet de Lyon"),
        ("La préfecture de police de Paris a interdit la manifestation prévue samedi.",
         "préfecture de police de Paris"),
        ("Il sera jugé en octobre par le tribunal correctionnel de Marseille pour escroquerie.",
         "tribunal correctionnel de Marseille"),
        ("Les syndicats de la police nationale ont appelé à manifester mardi devant les commissariats.",
         "police nationale"),
        ("Le texte a été adopté mercredi en commission des Lois, malgré l'opposition de la gauche.",
         "commission des Lois"),
        ("L'ancien avocat du président a menti au Congrès.Le procureur a requis trois ans de prison.", "Congrès"),
        ("Le Conseil de sécurité de l'ONU a adopté jeudi une résolution sur la trêve.", "Conseil de sécurité"),
        ("Selon une étude de l'université d'East Anglia, les émissions ont baissé.", "université d'East Anglia"),
        ("Les talibans ont libéré mardi une centaine de prisonniers afghans.", "talibans"),
    ],
)  # fmt: skip
def test_an_institution_named_by_a_common_noun_is_an_organisation(body, name):
    """A ministry, a prosecutor's office, a prefecture, a court, a police force, a parliamentary commission: the
    model tags none of them (or only the capitalised end: "Santé"); each is an organisation of its whole name,
    and the portfolio alone is no actor."""
    e = run(body)
    assert name in actors(e, "organisation")
    assert "Santé" not in {a.name for a in e.actors}


def test_the_assembly_alone_is_the_national_assembly():
    """ "l'Assemblée" with nothing after it is, in French news, the Assemblée nationale (was no actor: the head
    alone was dropped as a name cut short); not where the article names another assembly."""
    e = run("Le projet de loi sera examiné mardi à l'Assemblée, où la majorité semble divisée.")
    assert "Assemblée nationale" in actors(e, "organisation")
    other = run(
        "L'Assemblée générale des actionnaires se tiendra en juin. Les votes de l'Assemblée seront publiés ensuite."
    )
    assert "Assemblée nationale" not in {a.name for a in other.actors}


def test_a_place_after_an_institution_s_head_ends_before_a_person_s_name(no_keeper: None):
    """ "la mairie de Lyon Yann Cucherat": the town hall is "mairie de Lyon", not "mairie de Lyon Yann"."""
    e = run("Le soutien de la mairie de Lyon Jean Dumoulin a surpris ses adversaires lundi soir.")
    orgs = actors(e, "organisation")
    assert "mairie de Lyon" in orgs
    assert not any(o.startswith("mairie de Lyon ") for o in orgs)


@pytest.mark.parametrize(
    "body,name",
    [
        ("La Cour suprême a rejeté jeudi le recours déposé par les avocats de l'ancien président.", "Cour suprême"),
        ("Il a été transféré vendredi à l'hôpital Saint-Antoine, a précisé sa famille.", "hôpital Saint-Antoine"),
    ],
)
def test_an_institution_the_model_takes_for_a_place_is_an_organisation(body, name):
    """A name that an institution's head opens ("Cour", "hôpital", "université"): the model tags it a place."""
    e = run(body)
    assert name in actors(e, "organisation")
    assert name not in actors(e, "place")


def test_a_person_serving_a_ministry_stands_for_herself_as_a_party():
    """ "la secrétaire d'Etat auprès du ministère de l'Economie Agnès Durand": the ministry describes her, it is
    not the party of the agreement she signs."""
    e = run(
        "La secrétaire d'Etat auprès du ministère de l'Economie Agnès Durand et le ministre de la Santé Paul "
        "Lemaire ont signé jeudi un accord avec les industriels du médicament."
    )
    parties = {p for g in e.agreements for p in g.parties}
    assert "ministère de l'Economie" not in parties


@pytest.mark.parametrize(
    "body,name",
    [
        ("Le syndicat de police Alliance a dénoncé mardi des propos jugés mensongers.", "Alliance"),
        ("Le secrétaire général du syndicat Vigilance a été reçu place Beauvau jeudi.", "Vigilance"),
    ],
)
def test_a_name_after_a_union_noun_is_an_organisation(body, name):
    """ "le syndicat de police Alliance", "du syndicat Vigilance": an organisation (was no actor, or a word of
    agreement); but "du groupe, Jean Dupont" names the group's director, who stays a person."""
    assert name in actors(run(body), "organisation")
    e = run("Il a été remplacé, a indiqué dans un communiqué le numéro deux du groupe, Marc Lévêque-Tardieu.")
    assert "Marc Lévêque-Tardieu" in actors(e, "person")


def test_a_committee_named_for_a_person_is_an_organisation_and_the_person_stays_one():
    """ "le comité Adama Durand": the committee is an organisation, and the person it is named for is still a
    person of the article (was a person alone)."""
    e = run("Le comité Adama Durand appelle à manifester samedi. Adama Durand est mort en 2016 à Beaumont.")
    assert "comité Adama Durand" in actors(e, "organisation")
    assert "Adama Durand" in actors(e, "person")


def test_one_ministry_of_several_portfolios_is_one_and_a_word_of_the_sentence_qualifies_none(no_keeper: None):
    """ "le ministère de la Santé, du Travail et des Affaires sociales" is one ministry (not three); "le ministère
    ou des Assemblées" names none (not "ministère ou des Assemblées"); "les ministères de … et de …" are two."""
    e = run(
        "Le ministère de la Santé, du Travail et des Affaires sociales a publié un décret. Le texte passera par "
        "le ministère ou des Assemblées régionales. Les ministères de la Culture et de l'Intérieur ont répondu."
    )
    orgs = actors(e, "organisation")
    assert "ministère de la Santé, du Travail et des Affaires sociales" in orgs
    assert not {"ministère du Travail", "ministère des Affaires sociales"} & orgs
    assert not any(o.startswith("ministère ou") for o in orgs)
    assert {"ministère de la Culture", "ministère de l'Intérieur"} <= orgs


def test_an_institution_keeps_the_demonym_that_ends_its_name():
    e = run(
        "Le Parti communiste chinois a réuni son comité central. La Banque centrale syrienne a dévalué la livre lundi."
    )
    assert {"Parti communiste chinois", "Banque centrale syrienne"} <= actors(e, "organisation")


@pytest.mark.parametrize(
    "body,name",
    [
        ("L'Académie militaire des sciences médicales de l'armée chinoise, en collaboration avec la compagnie "
         "CanSino BIO, travaille sur un vaccin.", "Académie militaire des sciences médicales"),
        ("Un essai est mené en collaboration avec le Centre chinois de contrôle et de prévention des maladies, "
         "selon l'agence.", "Centre chinois de contrôle et de prévention des maladies"),
        ("Selon l'Institut international de recherche sur la paix de Stockholm, les dépenses militaires ont "
         "augmenté.", "Institut international de recherche sur la paix de Stockholm"),
    ],
)  # fmt: skip
def test_an_institution_keeps_a_long_name_without_what_follows_it(body, name):
    """A name of ten words or more is an institution's when it opens with one's head ("Académie", "Centre",
    "Institut"), not the model's mistake: it is kept whole, up to its owner ("de l'armée chinoise")."""
    assert name in actors(run(body), "organisation")


def test_an_acronym_is_its_long_name_whatever_the_accents_of_its_words():
    """ "(CEESAR)" after "Centre européen d'étude de sécurité…": the É of "étude" spells an E."""
    e = run(
        "Le Centre européen d'étude de sécurité et d'analyse des risques (CEESAR), basé à Nanterre, a présenté son "
        "rapport. Le CEESAR travaille depuis vingt ans sur les accidents."
    )
    assert actors(e, "organisation") == {"Centre européen d'étude de sécurité et d'analyse des risques"}


@pytest.mark.parametrize(
    "body,name",
    [
        ("L'ONG Reporters sans frontières a dénoncé mardi l'arrestation du journaliste à Alger.",
         "Reporters sans frontières"),
        ("Le mouvement Démocratie libérale, fondé par Alain Madelin, a rejoint l'UMP en 2002.", "Démocratie libérale"),
        ("Selon Médecins sans frontières, la situation sanitaire du camp s'est encore dégradée.",
         "Médecins sans frontières"),
        ("La Cinémathèque française rouvrira ses portes le 22 juin, a annoncé son directeur.",
         "Cinémathèque française"),
        ("Les enseignants dénoncent le manque de moyens de l'Éducation nationale depuis la rentrée.",
         "Éducation nationale"),
        ("Selon les chiffres publiés mardi par l'Alliance pour les chiffres de la presse et des médias, les ventes ont "
         "baissé.", "Alliance pour les chiffres de la presse et des médias"),
        ("Le syndicat Unsa-police jeudi a dénoncé la réforme.", "Unsa-police"),
    ],
)  # fmt: skip
def test_an_organisation_written_in_small_letters_after_its_first_word_keeps_its_whole_name(body, name):
    """French capitalises only the first word of an organisation's name: the words in small letters after it are
    the name's ("Reporters sans frontières", not "Reporters"), even after a word of an office ("Éducation"), however
    long ("Alliance pour les chiffres de la presse et des médias"), the hyphenated ones too ("Unsa-police")."""
    assert name in actors(run(body), "organisation")


def test_the_atlantic_alliance_is_nato():
    e = run("Un accord sur le budget de l'Alliance atlantique a été trouvé à Bruxelles.")
    assert "OTAN" in actors(e, "organisation")
