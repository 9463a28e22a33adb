"""Errors that end in a one-line message for the user (exit code 2, or NL001 for one draft)."""

from __future__ import annotations


class NewslintError(Exception):
    """A problem the user can fix: the message names the file and says what to do."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self):  # keep path and line across processes (parallel checking)
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class DocumentError(NewslintError):
    """A draft or source cannot be read as a document (NL001 when it is one draft among several)."""


class SourceError(NewslintError):
    """A source cannot be read: always exit 2, naming the source (never NL001 on the drafts)."""


class DocumentSkipped(DocumentError):
    """A file has a suffix a reader knows but is not of its format (an ``.xml`` that is not news).

    A source folder skips it with a note; named as a draft, it is a DocumentError like any other.
    """


class ConfigError(NewslintError):
    """A configuration file is malformed or has an unknown key or bad value."""


class UsageError(NewslintError):
    """A command-line argument cannot be used as given."""


class IndexUnavailableError(NewslintError):
    """The source index the user named cannot be used (a shared index server that is down, refuses
    the role, or lost the connection): the run stops with exit code 2 rather than report findings
    from part of the sources.  Never turned into NL002 or into a warning."""
