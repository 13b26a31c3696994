"""Finding facts to JSON and back: the ``detail`` column holds ``dataclasses.asdict`` of the facts,
read back into the same frozen dataclasses by their type hints (so the store returns what it was given)."""
from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from typing import Any

from storyline.model import FACTS_OF, Facts, FindingKind


def facts_json(facts: Facts) -> str:
    return json.dumps(dataclasses.asdict(facts))


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], data)
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_decode(item, x) for x in data)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    return data


def facts_from_json(kind: FindingKind, text: str) -> Facts:
    return typing.cast(Facts, _decode(FACTS_OF[kind], json.loads(text)))
