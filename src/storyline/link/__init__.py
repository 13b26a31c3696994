"""Cross-document entity identity: one entity per real person, place or organisation."""
from storyline.link.entities import link_entities

__all__ = ["link_entities"]
