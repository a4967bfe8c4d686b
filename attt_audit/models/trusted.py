"""Models built from values that are already of their fields' types, without validation.

The engine builds ~100 requirement results, ~250 answers and ~60 scores per system from objects it
has validated or made itself; pydantic's validation (or ``model_construct``, which walks every
field in Python) costs more than the rest of that work. :func:`trusted` makes what
``model_construct`` makes when every field is given, in field order. Callers test the result
against validation, field by field and type by type (``tests/test_engine_fast.py``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_setattr = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """A ``cls`` whose ``__dict__`` is ``values`` (every field, in the order of ``cls.model_fields``,
    each already of its field's type) and whose ``model_fields_set`` is ``fields_set`` (its own set).
    Only for models without extra fields, private attributes or ``model_post_init``."""
    made = cls.__new__(cls)
    _setattr(made, "__dict__", values)
    _setattr(made, "__pydantic_fields_set__", fields_set)
    _setattr(made, "__pydantic_extra__", None)
    _setattr(made, "__pydantic_private__", None)
    return made
