"""Analysis of clean article text: sentences, entities, quotes, numeric claims, time references
(``analyze.build.analyze_many``).

The package imports nothing itself, so a light reader of one of its word lists (the dossier reads
``analyze.measures`` through the reconcile settings) does not load spaCy."""
