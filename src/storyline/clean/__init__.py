"""Main text and metadata of one RawArticle → CleanArticle."""
from storyline.clean.article import clean, clean_parsed

__all__ = ["clean", "clean_parsed"]
