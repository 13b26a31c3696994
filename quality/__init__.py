"""Quality on real development data (``../shared/dev``): scripts a developer runs by hand, and the
functions the suite's floors call. ``python -m quality.run`` (``make quality``) prints one table."""
