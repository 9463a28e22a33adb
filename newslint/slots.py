"""Fast constructors for frozen dataclasses with slots (the bottom layer: imports nothing of newslint).

A frozen dataclass's ``__init__`` sets each field by name through ``object.__setattr__``.  Where a
run builds hundreds of thousands of small objects (facts decoded from the index, the sentences of a
list of 140,000 bullet lines) that was most of what building them cost.  :func:`slot_maker` returns a
function taking every field in order that fills the slots through their own descriptors: the object
is the same (type, fields, equality, hash); only ``__init__`` is skipped, so it is offered only for
plain dataclasses (no ``__post_init__``, no own ``__init__``, every field in ``__init__``).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import Any


def slot_maker(cls: type) -> Callable[..., Any] | None:
    """A positional constructor of ``cls`` that fills its slots, or ``None`` when ``cls`` is not a
    plain frozen dataclass with slots (then ``cls`` itself is the constructor to use)."""
    if not dataclasses.is_dataclass(cls):
        return None
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    plain = (
        cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        and not hasattr(cls, "__post_init__")
        and all(f.init for f in fields)
        and all(type(getattr(cls, n, None)) is types.MemberDescriptorType for n in names)
        and all(n.isidentifier() for n in names)
    )
    if not plain:
        return None
    args = ", ".join(f"a{i}" for i in range(len(names)))
    body = "".join(f"    s{i}(f, a{i})\n" for i in range(len(names)))
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    env.update({f"s{i}": getattr(cls, n).__set__ for i, n in enumerate(names)})
    exec(f"def make({args}):\n    f = new(cls)\n{body}    return f\n", env)  # noqa: S102 - fixed names
    make = env["make"]
    make.__doc__ = f"``{cls.__qualname__}({', '.join(names)})``, built by filling its slots."
    return make
