"""storyline: one news story across many outlets, reconciled with receipts."""

__version__ = "0.1.0"
