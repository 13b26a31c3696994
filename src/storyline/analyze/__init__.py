"""Analysis of clean article text: sentences, entities, quotes, numeric claims, time references."""
from storyline.analyze.build import analyze_many

__all__ = ["analyze_many"]
