"""Story clustering: sentence/article vectors and incremental assignment through an ANN index."""
from storyline.cluster.assign import StoryIndex, assign_articles, recluster

__all__ = ["StoryIndex", "assign_articles", "recluster"]
