"""Files to clean articles: walk a corpus folder (`walk`), read and clean one file (`article`), remove web
debris (`boilerplate`), find the date a text states (`dates`), and where the article comes from, its outlet
and URL (`sources`)."""

from reader.ingest.article import Article, make_id, parse, read_article
from reader.ingest.walk import SourceFile, walk

__all__ = ["Article", "SourceFile", "make_id", "parse", "read_article", "walk"]
