"""newslint: an editorial linter that checks a news draft against the sources it was written from."""

__version__ = "0.1.0"

from newslint.hookimpl import hookimpl  # noqa: E402

__all__ = ["__version__", "hookimpl"]
