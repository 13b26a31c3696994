"""Cross-document entity identity: one entity per real person, place or organisation."""
from storyline.link.entities import link_entities, link_store

__all__ = ["link_entities", "link_store"]
