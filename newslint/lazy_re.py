"""Regular expressions compiled when first used, not when their module is imported.

A check whose draft comes from the draft cache and whose sources come from the index parses
nothing; compiling the parser's patterns at import cost such a run more than its checks.  A
:class:`LazyPattern` compiles on the first attribute asked of it and then keeps each method it hands
out as its own attribute, so later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use."""

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles when first used; typed as the compiled pattern it stands for."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
