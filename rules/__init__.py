"""Declarative rule packs (TOML), shipped as ``newslint.rules``."""
