"""Per story: align what its articles say → findings (variants, agreements, compatible, conflicts,
exclusives, timeline), each with evidence spans in the articles (``reconcile.story.reconcile_story``).

The package imports nothing itself: ``reconcile.settings`` is read by the dossier's words, which
must not load the MinHash index (``reconcile.copies``) or the parse-dependent stages."""
