"""Institutions the model does not tag because a common noun names them: ministries ("le ministère de la
Santé"), prefectures, prosecutors, courts, town halls, police forces, parliamentary commissions ("la commission
des Lois"), and "l'Assemblée" alone, which in French news is the Assemblée nationale.

Each is written as the article writes it (the labels do: "parquet de Lyon", "préfecture de police de Paris");
what follows the head is a portfolio or a place, with its capital."""

from __future__ import annotations

import re

# a ministry: "le ministère de la Santé", "le ministère chinois des Affaires étrangères", "les ministères de la
# Transition écologique et de l'Agriculture" (the portfolio a capital and, after it, the words of the language that
# go on naming it)
_AFTER_PORTFOLIO = (
    "étrangères", "écologique", "solidaire", "nationale", "sociales", "publique", "publiques", "numérique",
    "européennes", "intérieure", "extérieur", "des Sports", "de la Jeunesse", "international", "internationale",
)  # fmt: skip
_PORTFOLIO = rf"(?:de la |de l'|du |des |d'|de )[A-ZÀ-Ý][\w'-]*(?: (?:{'|'.join(_AFTER_PORTFOLIO)}))*"
MINISTRY = re.compile(rf"\b[mM]inistères? (?:[a-zà-ÿ-]+ )?{_PORTFOLIO}(?:(?:, | et |, et ){_PORTFOLIO})*")
_ONE_PORTFOLIO = re.compile(_PORTFOLIO)


_LINKS = {"de", "du", "des", "d'"}  # what opens a portfolio
_SENTENCE_WORDS = {"ou", "et", "a", "est", "en", "par", "pour", "sur", "dans", "qui", "que"}  # no qualifier


def ministries(text: str) -> list[tuple[int, int, str]]:
    """Where the text names a ministry, and its name: "les ministères de la Santé et de l'Intérieur" are two,
    the first from "ministères" to "Santé"; "le ministère de la Santé, du Travail et des Affaires sociales" is
    one. A word between "ministère" and its portfolio qualifies it ("chinois"), not a word of the sentence ("le
    ministère ou des Assemblées")."""
    out = []
    for m in MINISTRY.finditer(text):
        head = m.group().split(" ", 2)
        word = head[1]
        if word in _SENTENCE_WORDS:
            continue
        qualifier = word + " " if word[:1].islower() and word not in _LINKS else ""
        if head[0].lower() == "ministère":  # one ministry, whatever its portfolios ("…, du Travail et des …")
            first = _ONE_PORTFOLIO.search(m.group(), len(head[0]) + 1 + len(qualifier))
            end = m.end() if " et " in m.group() or first is None else m.start() + first.end()
            out.append((m.start(), end, "ministère " + text[m.start() + len(head[0]) + 1 : end]))
            continue
        start = m.start()
        for p in _ONE_PORTFOLIO.finditer(m.group(), len(head[0]) + 1 + len(qualifier)):
            out.append((start, m.start() + p.end(), f"ministère {qualifier}{p.group().strip()}"))
            start = m.start() + p.end()
    return out


# a place after an institution's head: one or two capitalised words ("Lyon", "Seine-Saint-Denis", "Hong Kong";
# not a name after it: "la mairie de Lyon Yann Cucherat")
_PLACE = r"[A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w’-]*(?! [A-ZÀ-Ý]))?"
_OF = r"(?:de la |de l['’]|du |des |de |d['’])"
_COURTS = r"(?:correctionnel|judiciaire|administratif|de commerce|de grande instance|fédéral|pour enfants|de police)"
INSTITUTION = re.compile(
    r"(?<![\w-])(?:"
    rf"[pP]réfecture de police(?: {_OF}{_PLACE})?"
    rf"|[pP]réfecture (?:de police )?{_OF}{_PLACE}"
    rf"|parquet (?:national financier|national antiterroriste|général(?: {_OF}{_PLACE})?|{_OF}{_PLACE})"
    rf"|[tT]ribunal (?:{_COURTS} )?{_OF}{_PLACE}"
    rf"|cour d['’](?:appel|assises) {_OF}{_PLACE}"
    rf"|mairie {_OF}{_PLACE}"
    rf"|police (?:nationale|judiciaire(?: {_OF}{_PLACE})?|municipale {_OF}{_PLACE}|{_OF}{_PLACE})"
    r"|gendarmerie nationale"
    r"|direction générale de la [sS]anté"
    # the capitalised ones the model misses: "au Congrès", "le Congrès américain" (not "le Congrès national
    # africain", "le congrès du parti"), "le Conseil des ministres"
    r"|Congrès(?: américain)?(?! (?:national|mondial|international|fédéral|extraordinaire|du|de|des|d['’]))"
    r"|Conseil des ministres"
    # a university, a committee by its name in small letters: "l'université d'Oxford", "le comité Adama Traoré"
    rf"|université (?:de la |de l['’]|du |de |d['’])?{_PLACE}"
    rf"|comité {_PLACE}"
    # movements the press names in small letters: "les talibans", "les gilets jaunes"
    r"|talibans|gilets jaunes"
    r"|commission des (?:Lois|Finances|Affaires (?:étrangères|sociales|culturelles|économiques|européennes)"
    r"|[aA]ffaires (?:étrangères|sociales|culturelles|économiques|européennes))"
    r")(?![\w’-])"
)
# "l'Assemblée" alone: not "l'Assemblée générale", "l'Assemblée de Corse", "l'Assemblée des Français de l'étranger"
_QUALIFIED = (
    r"(?:générale|parlementaire|plénière|mondiale|constituante|régionale|départementale|populaire|législative"
    r"|fédérale|européenne|territoriale|(?:de|du|des) [A-ZÀ-Ý]|d['’][A-ZÀ-Ý])"
)
_ASSEMBLY = re.compile(rf"(?<=[lL]['’])Assemblée(?![\w-])(?! nationale)(?! {_QUALIFIED})")
_OTHER_ASSEMBLY = re.compile(rf"\b[aA]ssemblée {_QUALIFIED}")
NATIONAL_ASSEMBLY = "Assemblée nationale"


def institutions(text: str) -> list[tuple[int, int, str]]:
    """Where the text names an institution the model does not tag, and its name (as written, a ministry's
    name as `ministries` gives it, "Assemblée nationale" for "l'Assemblée" where the article names no other
    assembly); sorted by where they start, none overlapping."""
    found = ministries(text)
    taken = bytearray(len(text) + 1)
    for s, e, _ in found:
        taken[s:e] = b"\1" * (e - s)
    for m in INSTITUTION.finditer(text):
        if not any(taken[m.start() : m.end()]):
            found.append((m.start(), m.end(), m.group().replace("’", "'")))
    if not _OTHER_ASSEMBLY.search(text):
        found += [(m.start(), m.end(), NATIONAL_ASSEMBLY) for m in _ASSEMBLY.finditer(text)]
    return sorted(found)
