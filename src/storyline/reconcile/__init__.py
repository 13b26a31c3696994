"""Per story: align what its articles say → findings (variants, agreements, compatible, conflicts,
exclusives, timeline), each with evidence spans in the articles."""
from storyline.reconcile.story import reconcile_story

__all__ = ["reconcile_story"]
