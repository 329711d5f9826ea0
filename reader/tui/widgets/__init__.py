"""The widgets of the main screen: the article list, the article, the search bar, the status line."""

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status import StatusLine

__all__ = ["ArticleList", "ArticleView", "SearchBar", "StatusLine"]
