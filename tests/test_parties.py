"""Who an agreement is between, one failure kind fixed per test, on invented French sentences (issue 11:
parties exactly right; eval/README.md, "Parties, enrich-28")."""

from __future__ import annotations

import pytest

from reader.enrich import Enrichment, enrich_many
from reader.ingest import parse


def run(body: str) -> Enrichment:
    (e,) = enrich_many([parse(f"Municipales: la campagne\n2020-06-30\n\n{body}\n", "x.txt")])
    return e


def record(e: Enrichment, start: str) -> tuple[str, ...]:
    return next(g.parties for g in e.agreements if g.text.startswith(start))


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Selon l'accord conclu entre M. Dupont et son ex-rival Jean Martin, leur liste commune affrontera "
            "celle de Anne Durand le 28 juin.",
            {"Dupont", "Jean Martin"},
        ),
        (
            "Selon l'accord conclu entre M. Sánchez et son ex-rival Pablo Casado, leur gouvernement peut appliquer "
            "le plan de la Commission européenne.",
            {"Sánchez", "Pablo Casado"},
        ),
    ],
)
def test_an_agreement_between_two_parties_the_parse_cut_apart_is_theirs(sentence, parties):
    """ "entre X et son ex-rival Y": the parse takes "son ex-rival Y" for the subject of the main verb, so the
    noun's own complement names X alone; read as words, "entre X et Y" names both, and the third name of the
    sentence is no party."""
    e = run(f"La campagne a été longue. {sentence}")
    assert set(record(e, "Selon l'accord")) == parties


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Le vaccin le plus avancé est celui de la société danoise Nordvik, partenaire de Sanofi et à qui le "
            "gouvernement américain a accordé un demi-milliard de dollars.",
            {"Nordvik", "Sanofi"},
        ),
        (
            "Il oppose l'écologiste Paul Durand au sénateur LR Marc Lefort - allié à Jean Morel - et au président "
            "sortant Luc Besson, LREM dissident.",
            {"Marc Lefort", "Jean Morel"},
        ),
    ],
)
def test_a_name_and_the_one_it_is_set_beside_as_an_ally_or_a_partner_are_the_parties(sentence, parties):
    """ "X, partenaire de Y", "X - allié à Y -": the two sides, not the government of a relative clause beside
    them nor the other names the sentence lists (the parse breaks such an apposition)."""
    e = run(f"La campagne a été longue. {sentence}")
    assert set(record(e, sentence[:20])) == parties


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Les ministères de la Culture et de l'Education nationale ont signé jeudi une convention de partenariat "
            "pour les lycées.",
            {"ministère de la Culture", "ministère de l'Education nationale"},
        ),
        (
            "Les aides seront versées dès juillet, détaille un communiqué commun entre Action Logement et le "
            "ministère du Logement.",
            {"Action Logement", "ministère du Logement"},
        ),
        (
            "Le ministère de la Santé a conclu un accord avec le laboratoire Sanofi pour la fourniture de masques.",
            {"ministère de la Santé", "Sanofi"},
        ),
    ],
)
def test_a_ministry_the_model_does_not_tag_is_a_party(sentence, parties):
    """ "le ministère de la Santé", "les ministères de la Culture et de l'Education nationale" (two): named as the
    labels name them, where the model tags no name or only the portfolio ("Logement")."""
    e = run(f"La mesure a été annoncée mardi. {sentence}")
    assert set(record(e, sentence[:20])) == parties


def test_a_person_named_with_and_without_a_middle_name_is_one_party_in_the_fullest_form():
    """ "Thomas Edward Kowalski" once, "Thomas Kowalski" after: one person, in the fullest form the article
    gives, as the labels name him (was two people, and the party "Thomas Kowalski")."""
    e = run(
        "Thomas Edward Kowalski, 62 ans, a été arrêté en 2018 à Sacramento. Thomas Kowalski a conclu un accord "
        "avec la société Carrefour pour éviter un procès, selon ses avocats. Thomas Kowalski devra verser une "
        "indemnité."
    )
    people = {a.name for a in e.actors if a.kind == "person"}
    assert people == {"Thomas Edward Kowalski"}
    assert set(record(e, "Thomas Kowalski a conclu")) == {"Thomas Edward Kowalski", "Carrefour"}


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Volvo Cars et la société californienne Luminar ont annoncé mardi la signature d'un partenariat pour "
            "équiper les futures voitures.",
            {"Volvo Cars", "Luminar"},
        ),
        (
            "Le groupe Valeo a signé mardi un partenariat avec Bosch Engineering et KRAMTEC pour développer une "
            "plateforme.",
            {"Valeo", "Bosch Engineering", "KRAMTEC"},
        ),
    ],
)
def test_a_company_the_model_does_not_tag_is_a_party(sentence, parties):
    """What the article calls a company ("la société californienne Luminar"), or a name coordinated with an
    organisation ("Bosch Engineering et KRAMTEC"), is a party where the model tagged no name."""
    e = run(f"Le salon ouvrira en mai. {sentence}")
    assert set(record(e, sentence[:20])) == parties


def test_a_company_named_by_what_it_is_is_the_one_the_article_introduced_so():
    """ "Le constructeur a signé…" after "le constructeur sud-coréen Hanjin Motors": that company, not the one the
    article names most."""
    e = run(
        "Renault a perdu 2 milliards en 2019, et Renault ferme deux usines. Le constructeur sud-coréen Hanjin "
        "Motors a présenté mardi sa nouvelle voiture, qui concurrencera celles de Renault. Le constructeur a signé "
        "un partenariat avec Nissan pour produire des batteries."
    )
    assert set(record(e, "Le constructeur a signé")) == {"Hanjin Motors", "Nissan"}


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Dans le cadre de l'accord négocié avec l'accusation, Marc Lefort, 62 ans, doit aussi reconnaître des "
            "faits prescrits.",
            {"Marc Lefort", "accusation"},
        ),
        (
            "Jean Morel a été exclu de LREM après son alliance avec la droite à Lyon.",
            {"Jean Morel", "Les Républicains"},  # LREM excluded him: no side of the alliance
        ),
    ],
)
def test_a_side_named_by_a_common_noun_is_a_party(sentence, parties):
    """ "un accord avec l'accusation" (a plea deal), "son alliance avec la droite" (Les Républicains), as the labels
    name them; the participle on the agreement noun read so where the tagger called it an infinitive
    ("négocié")."""
    e = run(f"Le procès s'ouvrira en mai. {sentence}")
    assert set(record(e, sentence[:20])) == parties


@pytest.mark.parametrize(
    "body,start,parties",
    [
        (
            "Le film sort en mai. Avant de rencontrer Paul Durand, Marc Lefort s'était entretenu avec la maire de "
            "Lyon Anne Morel. Ensemble, ils ont signé un accord de coopération dans la lutte contre le dérèglement "
            "climatique.",
            "Ensemble, ils",
            {"Marc Lefort", "Anne Morel"},
        ),
        (
            "La guerre dure depuis 2001. Le gouvernement américain est engagé dans de délicats pourparlers avec les "
            "insurgés talibans. Le 29 février, ils ont signé un accord à Doha avec Washington.",
            "Le 29 février",
            {"talibans", "États-Unis"},
        ),
        (
            "La guerre dure depuis 2001. Les talibans assurent ne pas avoir mené d'attaques dans les grandes villes "
            "depuis la signature de l'accord qu'ils ont conclu avec les Américains fin février.",
            "Les talibans",
            {"talibans", "États-Unis"},
        ),
    ],
)
def test_they_as_the_subject_are_the_parties_the_sentence_before_names(body, start, parties):
    """ "ils ont signé": the parties the sentence before names, not a place after "de" ("la maire de Lyon") nor
    what its opening clause names ("Avant de rencontrer Paul Durand, …"); with the one the sentence names. In a
    clause under the main one ("l'accord qu'ils ont conclu"), the main clause's subject."""
    assert set(record(run(body), start)) == parties


def test_whose_view_the_sentence_opens_with_is_no_party():
    """ "Pour Olivier Faure (PS), les alliances LREM-LR sont…": a commentator, not a party of the alliances."""
    e = run('La campagne a été longue. Pour Olivier Faure (PS), les alliances LREM-LR sont "un moment de clarté".')
    assert set(record(e, "Pour Olivier Faure")) == {"LREM", "Les Républicains"}


@pytest.mark.parametrize(
    "sentence,parties",
    [
        ("La Californie a signé mardi un accord de coopération avec le Japon sur le climat.", {"Californie", "Japon"}),
        ("Le Japon a signé mardi un accord de coopération avec la Californie sur le climat.", {"Californie", "Japon"}),
        (
            "Un accord avec le gouvernement de Galles du Sud permettait au constructeur TVR de disposer d'un site de "
            "production à Ebbw Vale.",
            {"Galles du Sud", "TVR"},
        ),
    ],
)
def test_a_place_that_is_no_country_is_a_party_where_it_acts(sentence, parties):
    """A region or a city the tables know as no country nor capital is a party as a subject, as the one an
    agreement is made with, or as what a government is of ("le gouvernement de Galles du Sud"); not where
    something happens ("à Ebbw Vale")."""
    e = run(f"Le salon ouvrira en mai. {sentence}")
    assert set(record(e, sentence[:20])) == parties


def test_a_name_beside_its_acronym_is_one_party():
    """ "l'Organisation des pays exportateurs de pétrole (Opep)": one party, by its acronym, not two."""
    e = run(
        "Le pétrole a chuté. Les membres de l'Organisation des pays exportateurs de pétrole (Opep) se sont accordés "
        "pour prolonger d'un mois la réduction de production."
    )
    assert record(e, "Les membres") == ("Opep",)


_CRISIS = "La Chine a arrêté deux Canadiens en 2018. La Chine refuse de les libérer. "


@pytest.mark.parametrize(
    "sentence,parties",
    [
        ("Le Canada a signé mardi un pacte de défense avec ses alliés.", ("Canada",)),
        ("Les alliés du Canada ont conclu mardi un accord de défense.", ("Canada",)),
        (
            "Le Canada a signé mardi un pacte de défense avec ses alliés, la France et le Royaume-Uni.",
            ("Canada", "France", "Royaume-Uni"),
        ),
        ("Le Canada a signé mardi un accord de défense avec ses alliés de l'OTAN.", ("Canada", "OTAN")),
    ],
)
def test_allies_the_sentence_does_not_name_leave_the_record_one_party(sentence, parties):
    """ "avec ses alliés", "les alliés du Canada": the other side is not named, so the record keeps the one party
    and says why, rather than taking the article's most mentioned country (China, which the pact is not with);
    allies named beside it are parties."""
    e = run(_CRISIS + sentence)
    got = next(g for g in e.agreements if g.text.startswith(sentence[:20]))
    assert got.parties == parties
    assert (got.parties_note is None) == (len(parties) >= 2)


@pytest.mark.parametrize(
    "title",
    [
        'ont organisé un "apéritif de l\'amitié franco-allemande" à Strasbourg.',
        'ont lancé samedi leur émission, "Un café avec Kevin Durand".',
    ],
)
def test_a_name_in_a_title_in_quotes_is_no_party(title):
    """A quote without a verb that a determiner or a title's noun introduces is a title (an event, a programme):
    the countries or the person it names are not parties of the alliance the sentence reports."""
    sentence = f"Les maires Paul Morel (LR) et Jean Vidal (PS), alliés pour le second tour, {title}"
    e = run(f"La campagne a été longue. {sentence}")
    assert set(record(e, "Les maires Paul Morel")) == {"Paul Morel", "Jean Vidal"}


@pytest.mark.parametrize(
    "sentence,company,parties",
    [
        (
            "Le fabricant de smartphones Zorvanix a signé mardi un partenariat avec Renault pour équiper les futures "
            "voitures.",
            "Zorvanix",
            None,
        ),
        (
            "Le manufacturier de pneumatiques italien Velloni a travaillé en étroite collaboration avec BMW pour "
            "développer des gommes.",
            "Velloni",
            {"Velloni", "BMW"},
        ),
        (
            "Le projet est mené par l'éditeur japonais KORVAX TEMBA, qui a signé un accord avec Sony.",
            "KORVAX TEMBA",
            {"KORVAX TEMBA", "Sony"},
        ),
    ],
)
def test_a_company_named_by_what_it_is_is_an_organisation(sentence, company, parties):
    """A name right after a company noun, its adjectives and what it makes ("le fabricant de smartphones",
    "l'éditeur japonais") is an organisation where the model tags it a place or a person, or tags nothing (was a
    place, a person, no actor); and so a party."""
    e = run(f"Le salon ouvrira en mai. {sentence}")
    assert (company, "organisation") in {(a.name, a.kind) for a in e.actors}
    if parties is not None:
        assert set(record(e, sentence[:20])) == parties


def test_a_model_named_with_its_number_is_no_organisation():
    """ "l'Aston Martin DB12 Volante": a product (a brand and a model's number), not an organisation; the brand
    named alone is one."""
    e = run(
        "Le salon ouvrira en mai. Aston Martin a présenté mardi à Genève l'Aston Martin DB12 Volante, une voiture "
        "de sport. Aston Martin en produira 500 exemplaires."
    )
    organisations = {a.name for a in e.actors if a.kind == "organisation"}
    assert organisations == {"Aston Martin"}


def test_a_show_and_a_class_of_cars_are_no_organisations():
    """ "le Salon de Genève", "la COP26", "les Supercars": a show, a conference, a class of cars, not organisations
    (the model tags them so); the companies beside them are."""
    e = run(
        "Le salon ouvrira en mai. Renault a présenté sa voiture au Salon de Genève, avant la COP26. Les Supercars "
        "de Bugatti y étaient aussi."
    )
    organisations = {a.name for a in e.actors if a.kind == "organisation"}
    assert not {"Salon de Genève", "COP26", "Supercars"} & organisations
    assert "Renault" in organisations


def test_the_first_word_of_an_institution_s_name_alone_is_no_organisation():
    """ "l'Assemblée", "le Conseil" after "l'Assemblée nationale", "le Conseil de sécurité de l'ONU": the model
    tags the first word alone too, a cut name; only the whole names are organisations."""
    e = run(
        "Le texte a été adopté mardi par l'Assemblée nationale. Le Conseil de sécurité de l'ONU s'est réuni jeudi. "
        "Le Conseil a voté une résolution, et l'Assemblée doit encore se prononcer sur le budget de Renault."
    )
    organisations = {a.name for a in e.actors if a.kind == "organisation"}
    assert not {"Assemblée", "Conseil"} & organisations
    assert {"Assemblée nationale", "Renault"} <= organisations


def test_a_sport_and_a_constitution_are_no_organisations():
    """ "la Formule 1", "la F1", "la Constitution": a sport and a text the model tags as organisations."""
    e = run(
        "Le salon ouvrira en mai. McLaren court en Formule 1 depuis 1966, et la F1 reste sa vitrine. La "
        "Constitution interdit désormais ce financement, selon Renault."
    )
    assert not {"Formule 1", "F1", "Constitution"} & {a.name for a in e.actors}


def test_a_sentence_that_says_how_many_sides_an_agreement_has_gets_that_many():
    """The learned chooser keeps the two best scored candidates where the structure does not settle the parties,
    and as many as the sentence says where it says ("tripartite", "trilatérale", "les trois pays")."""
    e = run(
        "Le Japon renforce ses liens avec Séoul. Plus tard, le ministre japonais a salué une étroite "
        "collaboration tripartite avec la Corée du Sud et les États-Unis face aux menaces de la Corée du Nord, "
        "a indiqué le ministère japonais."
    )
    assert set(record(e, "Plus tard")) == {"Japon", "Corée du Sud", "États-Unis"}  # not the threat, Corée du Nord


def test_a_seat_of_government_is_an_institution_that_stands_for_its_country():
    """ "la Maison Blanche" is an organisation among the actors (as the labels mostly have it), not a place, and
    the United States as a party."""
    e = run("La Maison Blanche a signé jeudi un accord commercial avec Pékin. La Maison Blanche salue un texte.")
    assert ("Maison Blanche", "organisation") in {(a.name, a.kind) for a in e.actors}
    assert set(record(e, "La Maison Blanche a signé")) == {"États-Unis", "Chine"}


def test_a_new_party_chooser_makes_indexes_re_extract():
    """The shipped chooser's version is part of the extraction version, as the classifier's is."""
    from reader.enrich import MODEL_VERSION, chooser

    model = chooser.load()
    assert model is not None and model.weights
    assert model.version in MODEL_VERSION.split("/")


@pytest.mark.parametrize(
    "before,sentence,parties",
    [
        (
            "Lotus a dévoilé mardi sa nouvelle Evija. Selon Lotus, elle sera livrée en 2021.",
            "L'Hypercar britannique embarque un groupe propulseur électrique développé en collaboration avec "
            "Norvex Engineering.",
            {"Lotus", "Norvex Engineering"},
        ),
        (
            "Opel a présenté jeudi son nouveau modèle. Opel en attend beaucoup.",
            "Le SUV allemand a été conçu en partenariat avec le carrossier Veltmann Design.",
            {"Opel", "Veltmann Design"},
        ),
    ],
)
def test_a_demonym_that_describes_a_product_names_no_party(before, sentence, parties):
    """ "l'Hypercar britannique", "le SUV allemand": the adjective says where a product comes from, not that its
    country made the agreement (the United Kingdom was taken for the partner); the maker the article is about is."""
    (e,) = enrich_many([parse(f"Salon: les nouveautés\n2020-06-30\n\n{before} {sentence}\n", "x.txt")])
    assert set(record(e, sentence[:20])) == parties


@pytest.mark.parametrize(
    "sentence,parties",
    [
        (
            "Dans un communiqué commun, trois parlementaires socialistes, la députée Marie Durand et les sénateurs "
            "Paul Martin et Jeanne Petit, ont apporté leur soutien aux surveillants.",
            {"Marie Durand", "Paul Martin", "Jeanne Petit"},
        ),
        (
            "Automobili Pininfarina a annoncé la signature d'un partenariat stratégique avec deux spécialistes de la "
            "mobilité que sont Bosch Engineering et BENTELER, pour développer une plateforme.",
            {"Automobili Pininfarina", "Bosch Engineering", "BENTELER"},
        ),
        (
            "Le maire de Pau a assuré que les liens entre Emmanuel Macron et Gérard Collomb, qui a conclu un accord "
            "avec LR, n'étaient pas rompus.",
            {"Gérard Collomb", "Les Républicains"},
        ),
    ],
)
def test_the_names_a_party_is_listed_with_are_parties_too(sentence, parties):
    """ "X et les sénateurs Y et Z", "avec … Bosch Engineering et BENTELER": one side named, the others it is
    listed with come along (the third was left out); not the two of an "entre" that is no agreement's."""
    (e,) = enrich_many([parse(f"La semaine en bref: ce qu'il faut retenir\n2020-06-30\n\n{sentence}\n", "x.txt")])
    assert [set(r.parties) for r in e.agreements] == [parties]


@pytest.mark.parametrize(
    "sentence",
    [
        "Stefano Domenicali, le PDG de Lamborghini, a signé jeudi un accord de partenariat avec Pirelli.",
        "Le patron de Lamborghini, Stefano Domenicali, a signé jeudi un accord de partenariat avec Pirelli.",
    ],
)
def test_the_head_of_a_company_signs_for_his_company(sentence):
    """ "X, le PDG de Lamborghini, a signé…": a person is a party only when the person is the party
    (ANNOTATION.md); the head of a company signs for it, as a minister signs for his country."""
    e = run(f"Le constructeur italien avance. {sentence}")
    assert set(record(e, sentence[:20])) == {"Lamborghini", "Pirelli"}
