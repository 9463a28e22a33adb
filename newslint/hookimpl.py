"""The marker plugins use on their hook implementations: ``@newslint.hookimpl``."""

import pluggy

hookimpl = pluggy.HookimplMarker("newslint")
