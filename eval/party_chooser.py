"""What `train_parties.py` needs beside the shipped chooser (`reader/enrich/chooser.py`): which records the
chooser decides, and what the rules read in their sentence alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.enrich import agreements
from reader.enrich.chooser import Candidate, candidates
from reader.enrich.parties import SentenceActors
from reader.enrich.triggers import triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Candidate", "candidates", "unsettled"]


def unsettled(pdoc: Doc, sp: SentenceActors) -> list[str] | None:
    """What the rules read in the sentence alone where the chooser decides (None: the rules do), as
    `agreements.find` decides it."""
    return agreements.unsettled(pdoc, triggers(pdoc), sp)
