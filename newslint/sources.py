"""Finding files: drafts from the command line, sources from options, config and front matter."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from newslint.document import DOCUMENT_SUFFIXES
from newslint.errors import DocumentError, UsageError

# Folders are walked for these: Markdown and text (the core's readers) and the formats of the
# built-in readers plugin (wire XML, HTML, Word).  A file a reader does not recognise (an .xml that
# is neither NITF nor NewsML-G2) is skipped with a note when it is a source (runner.Session.source).
OTHER_FORMAT_SUFFIXES = (".xml", ".html", ".htm", ".docx")
WALKED_SUFFIXES = DOCUMENT_SUFFIXES + OTHER_FORMAT_SUFFIXES

SKIP_DIRS = {".git", ".hg", ".svn", ".newslint_cache", "node_modules", "__pycache__", ".venv"}


def display_path(path: Path | str) -> str:
    """A path as reports show it, with /: relative to the working folder when the file is inside
    it, absolute otherwise (never ``../../x``, which names a different file from another folder)."""
    path = Path(path)
    absolute = Path(os.path.abspath(path))
    cwd = Path(os.getcwd())
    if absolute.is_relative_to(cwd):
        return absolute.relative_to(cwd).as_posix()
    return absolute.as_posix()


def walk_documents(folder: Path) -> list[Path]:
    """Documents (Markdown, text, XML, HTML, DOCX) under ``folder``, recursively, in a stable order."""
    return [Path(p) for p in walk_document_strings(str(folder))]


def walk_document_strings(folder: str) -> list[str]:
    """``walk_documents`` as plain strings (an archive of 100,000 sources is walked on every check:
    no Path object per file)."""
    found = []
    sep = os.sep
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        prefix = dirpath if dirpath.endswith(sep) else dirpath + sep
        for name in sorted(filenames):
            lower = name.lower()
            if lower.endswith(WALKED_SUFFIXES) and lower != "readme.md" and not name.startswith("~$"):
                found.append(prefix + name)
    return found


def expand_source(spec: str, base: Path, origin: str) -> list[Path]:
    """A source spec (file, folder, or glob) relative to ``base``; ``origin`` names where it came from."""
    path = Path(spec).expanduser()
    if not path.is_absolute():
        path = base / path
    if any(ch in spec for ch in "*?["):
        matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
        files = []
        for m in matches:
            files.extend(walk_documents(m) if m.is_dir() else [m])
        if not files:
            raise UsageError(f"source pattern {spec!r} matches no file; check the pattern", origin)
        return files
    if path.is_dir():
        return walk_documents(path)
    if path.is_file():
        return [path]
    raise UsageError(f"source {spec!r} does not exist; check the path", origin)


def front_matter_sources(value, draft: Path, root: Path, display: str) -> list[Path]:
    """Sources named in a draft's front matter: relative to the draft, and inside the project.

    A pull request must not be able to make CI read ~/.ssh or /etc/passwd into an annotation, so a
    path that resolves (symlinks included) outside ``root`` is refused.
    """
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DocumentError("front matter 'sources' must be a list of paths", display)
    root = root.resolve()
    base = draft.parent.resolve()
    out = []
    for spec in value:
        # Refuse before expanding anything: "/**/*.txt" would walk the whole filesystem first.
        if Path(spec).is_absolute() or spec.startswith("~") or Path(spec).drive:
            raise DocumentError(
                f"front-matter source {spec!r} is an absolute path (it resolves outside the project on any "
                "other checkout); name sources relative to the draft",
                display,
            )
        if not Path(os.path.normpath(base / spec)).is_relative_to(root):
            raise DocumentError(
                f"front-matter source {spec!r} points outside the project ({root}); "
                "name sources inside the project",
                display,
            )
        try:
            files = expand_source(spec, draft.parent, display)
        except UsageError as exc:
            raise DocumentError(exc.message, display) from None
        for f in files:
            real = f.resolve()
            if not real.is_relative_to(root):
                raise DocumentError(
                    f"front-matter source {spec!r} resolves outside the project ({root}); "
                    "name sources inside the project",
                    display,
                )
            out.append(f)
    return out
