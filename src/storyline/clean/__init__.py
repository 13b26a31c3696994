"""Main text and metadata of one RawArticle → CleanArticle."""
from storyline.clean.article import clean

__all__ = ["clean"]
