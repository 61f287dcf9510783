"""The fields of the models as YAML shows them: their order, and which model a mapping is."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from briefing.models import Version


def field_order(model: type[BaseModel]) -> list[str]:
    """Return the canonical key order: id, the model's own fields, then inherited ones."""
    names: list[str] = []
    for cls in model.__mro__:
        own = vars(cls).get("__annotations__", {}) if issubclass(cls, BaseModel) else {}
        names += [name for name in own if name in model.model_fields and name not in names]
    return ["id", *(n for n in names if n != "id")] if "id" in names else names


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Return the models a value of this annotation may be written as."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if issubclass(annotation, Version):
            # A versioned value may also be written bare, as the value itself.
            return [annotation, *models_in(annotation.model_fields["value"].annotation)]
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += [model for model in models_in(arg) if model not in found]
    return found


def model_for(mapping: dict[str, Any], models: list[type[BaseModel]]) -> type[BaseModel] | None:
    """Return the model whose fields best match a mapping's keys, if any match."""
    model = max(models, key=lambda m: len(mapping.keys() & m.model_fields.keys()), default=None)
    return model if model is not None and mapping.keys() & model.model_fields.keys() else None


def field_models(model: type[BaseModel] | None, name: str) -> list[type[BaseModel]]:
    """Return the models the value of a model's field may be written as."""
    info = model.model_fields.get(name) if model is not None else None
    return models_in(info.annotation) if info is not None else []


def entries(
    value: Any, models: list[type[BaseModel]]
) -> Iterator[tuple[type[BaseModel], str, Any]]:
    """Yield (model, field name, value) for every mapping entry a model describes."""
    if isinstance(value, list):
        for item in value:
            yield from entries(item, models)
    elif isinstance(value, dict):
        model = model_for(value, models)
        for key, item in value.items():
            if model is not None and key in model.model_fields:
                yield model, key, item
            yield from entries(item, field_models(model, key))
