"""Places among an article's actors, each class of error as a reader would meet it: names whose article is part
of the name. Measured quality is `eval/score.py`'s job; these pin the behaviour of each class (invented sentences)."""

from __future__ import annotations

from reader.enrich import Enrichment, enrich_many
from reader.ingest import parse


def article(title: str, body: str):
    return parse(f"{title}\n2020-06-30\n\n{body}\n", "x.txt")


def places(title: str, body: str) -> set[str]:
    (e,) = list(enrich_many([article(title, body)]))
    return {a.name for a in e.actors if a.kind == "place"}


def _names(e: Enrichment, kind: str) -> set[str]:
    return {a.name for a in e.actors if a.kind == kind}


def test_a_place_whose_article_is_part_of_its_name_keeps_it():
    found = places(
        "Un été de festivals",
        "Le maire du Havre a signé jeudi une convention avec la ville de Lyon. Les musiciens joueront ensuite "
        "au Mans, puis au Caire et à La Mecque avant de finir la tournée au Touquet.",
    )
    assert {"Le Havre", "Le Mans", "Le Caire", "La Mecque", "Le Touquet"} <= found
    assert not {"Havre", "Mans", "Caire", "Mecque", "Touquet"} & found


def test_the_ministry_is_no_business_district():
    found = places(
        "Tour de France des tours",
        "Après Paris et la Défense, les grimpeurs visitent Lyon. Le ministre de la Défense a salué les "
        "collègues de la Défense et de la Justice.",
    )
    assert "La Défense" in found
    (e,) = list(enrich_many([article("Réforme", "Le ministère de la Défense a répondu mardi aux syndicats.")]))
    assert "La Défense" not in _names(e, "place")


def test_a_country_inside_a_channels_or_a_companys_name_is_no_place():
    found = places(
        "Soirée électorale",
        "Le débat a été diffusé sur France 5 puis commenté par Radio Nova. La filiale Orange Espagne a publié "
        "ses chiffres, et le distributeur Volvo Car Belgique aussi. Voici la liste : - Italie- Pologne - Grèce",
    )
    assert not {"France", "Espagne", "Belgique"} & found
    assert {"Italie", "Pologne", "Grèce"} <= found


def test_one_person_of_a_people_is_no_country_but_the_people_is():
    found = places(
        "Course de côte",
        "La victoire est revenue à l'Autrichien Lukas Brenner, devant le jeune Norvégien Ola Strand. Les "
        "Italiens ont dominé la saison.",
    )
    assert not {"Autriche", "Norvège"} & found
    assert "Italie" in found


def test_a_region_named_by_a_continent_and_more_words_is_not_cut():
    found = places(
        "Épidémie",
        "Le virus progresse désormais en Amérique latine, a indiqué l'organisation. Les pays d'Amérique centrale "
        "ferment leurs frontières.",
    )
    assert {"Amérique latine", "Amérique centrale"} <= found
    assert "Amérique" not in found


def test_a_noun_that_heads_a_name_is_no_place_alone_and_a_compass_point_is_its_country():
    found = places(
        "Sommet européen",
        "Les Etats membres ont voté jeudi. Les élus de la République ont salué la décision, et la Ville de Lyon "
        "aussi. La Corée du Sud a répondu à Pyongyang : le Sud ne cédera pas, a dit Séoul.",
    )
    assert not {"États", "République", "Ville", "Sud"} & found
    assert "Corée du Sud" in found


def test_the_people_of_a_city_or_a_continent_is_no_place_but_a_plural_place_is():
    found = places(
        "Vacances d'été",
        "Les Lyonnais et les Européens partent moins loin cette année, selon une étude. Les Afro-Américains "
        "aussi. Beaucoup ont choisi les Philippines ou les Cévennes.",
    )
    assert not {"Lyonnais", "Européens", "Afro-Américains"} & found
    assert {"Philippines", "Cévennes"} <= found


def test_a_seat_of_government_named_as_the_building_is_a_place_and_acting_an_institution():
    (e,) = list(
        enrich_many(
            [
                article(
                    "Remaniement",
                    "Le maire de Dijon a été reçu mardi à Matignon pour un long entretien. L'Élysée a annoncé "
                    "jeudi la composition du gouvernement.",
                )
            ]
        )
    )
    assert "Matignon" in _names(e, "place")
    assert "Élysée" in _names(e, "organisation")


def test_the_place_an_event_is_named_after_is_a_place():
    found = places(
        "Nouveautés",
        "Le petit constructeur dévoilera sa voiture au Salon de Genève le 4 mars, avant le Festival of Speed de "
        "Goodwood en juillet.",
    )
    assert {"Genève", "Goodwood"} <= found


def test_another_name_of_a_country_is_the_country():
    found = places(
        "Tournée",
        "Le groupe partira en tournée aux USA cet été, puis reviendra dans l'Hexagone à l'automne.",
    )
    assert {"États-Unis", "France"} <= found
    assert not {"USA", "Hexagone"} & found


def test_a_square_a_street_and_an_arrondissement_keep_their_whole_name(no_keeper: None):
    found = places(
        "Manifestation",
        "Les syndicats ont défilé de la place de la Nation jusqu'à l'esplanade des Invalides. Le cortège est "
        "passé par le XIIe arrondissement. À la place de l'Espagne, c'est l'Italie qui accueillera le sommet.",
    )
    assert {"place de la Nation", "esplanade des Invalides", "XIIe arrondissement"} <= found
    assert not {"Nation", "Invalides", "XIIe", "place de l'Espagne"} & found


def test_an_institution_the_model_took_for_a_place_is_an_organisation():
    (e,) = list(
        enrich_many(
            [
                article(
                    "Justice",
                    "La Cour suprême du Nebraska a rejeté le recours jeudi. Les chercheurs de l'université de "
                    "Rennes ont publié leurs travaux à Lyon.",
                )
            ]
        )
    )
    assert not {"Cour suprême du Nebraska", "université de Rennes"} & _names(e, "place")
    assert "Lyon" in _names(e, "place")


def test_the_keeper_of_the_seals_is_no_place():
    found = places(
        "Réforme pénale",
        "Le garde des Sceaux a présenté mercredi son projet de loi. Il se rendra ensuite à Sceaux, dans les "
        "Hauts-de-Seine.",
    )
    assert "Sceaux" in found
    (e,) = list(enrich_many([article("Réforme", "La garde des Sceaux a défendu le texte devant les députés.")]))
    assert not {a.name for a in e.actors} & {"Sceaux", "garde des Sceaux"}


def test_a_text_named_after_a_city_does_not_make_the_city_a_place():
    found = places(
        "Climat",
        "Le Brésil menace de quitter l'accord de Paris, a averti le ministre. Les accords de Nouméa restent "
        "en vigueur en Nouvelle-Calédonie.",
    )
    assert not {"Paris", "Nouméa"} & found
    assert "Brésil" in found


def test_a_place_is_named_without_the_noun_the_model_ran_on_from():
    found = places(
        "Essais",
        "La voiture a tourné sur la piste d'Ehra-Lessien, puis dans la province de Pise, avant de rejoindre "
        "la région Occitanie. Elle a décollé de l'aéroport d'Orly.",
    )
    assert {"Ehra-Lessien", "Pise", "Occitanie", "Orly"} <= found
    assert not {"piste d'Ehra-Lessien", "province de Pise", "région Occitanie", "aéroport d'Orly"} & found


def test_an_arrondissement_of_a_city_is_two_places():
    found = places("Immobilier", "Les prix ont encore monté dans le VIIIe arrondissement de Lyon, selon les notaires.")
    assert {"VIIIe arrondissement", "Lyon"} <= found
    assert "VIIIe arrondissement de Lyon" not in found
