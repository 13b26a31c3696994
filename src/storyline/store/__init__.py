"""Storage: the only package that talks to the database."""
from storyline.store.db import MAX_LIMIT, MAX_OFFSET, Store, StoreError

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "Store", "StoreError"]
