"""Storage: the only package that talks to the database."""
from storyline.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
