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


# A folder's walk as recorded for ``freshness = "directories"``: for each folder under it, in walk
# order, (path relative to the walked folder with a trailing separator, its mtime in ns, its
# subfolders' names, its documents' names).
WalkRecord = list[tuple[str, int, list[str], list[str]]]


def walk_by_directories(
    folder: str, previous: WalkRecord | None, trust_before_ns: int
) -> tuple[list[str], list[str], WalkRecord, int]:
    """``walk_document_strings(folder)`` that trusts folders whose mtime has not changed since
    ``previous`` was recorded (``freshness = "directories"``, for append-only archives).

    A folder's mtime changes when a file is added to it, removed from it or renamed in it (an atomic
    save renames); it does not change when a file is rewritten in place.  So a folder whose mtime is
    still the recorded one (and older than ``trust_before_ns``, file-system clocks being coarse)
    keeps its recorded listing, and its documents are *trusted*: the caller takes their stat from
    its snapshot instead of calling ``stat`` (100,000 stats take half a second).  Any other folder is
    listed again, and its documents are not trusted.

    Returns (documents, trusted documents, the new record, how many folders were listed again);
    the documents are in ``walk_document_strings``'s order."""
    sep = os.sep
    root = folder if folder.endswith(sep) else folder + sep
    known = {rel: (mtime, dirs, files) for rel, mtime, dirs, files in previous or ()}
    found: list[str] = []
    trusted: list[str] = []
    record: WalkRecord = []
    listed = 0

    def visit(rel: str) -> None:
        nonlocal listed
        path = root + rel
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            return  # gone (or unreadable), as os.walk skips it
        before = known.get(rel)
        here = before is not None and before[0] == mtime and mtime < trust_before_ns
        if here:
            assert before is not None
            dirs, files = before[1], before[2]
        else:
            listed += 1
            dirs, files = [], []
            try:
                with os.scandir(path) as entries:
                    for entry in entries:
                        name = entry.name
                        try:
                            is_dir = entry.is_dir()
                        except OSError:
                            is_dir = False
                        if is_dir:  # (os.walk lists a linked folder but does not go into it)
                            if name not in SKIP_DIRS and not name.startswith(".") and not entry.is_symlink():
                                dirs.append(name)
                        else:
                            lower = name.lower()
                            if (
                                lower.endswith(WALKED_SUFFIXES)
                                and lower != "readme.md"
                                and not name.startswith("~$")
                            ):
                                files.append(name)
            except OSError:
                return
            dirs.sort()
            files.sort()
        record.append((rel, mtime, dirs, files))
        paths = [path + name for name in files]
        found.extend(paths)
        if here:
            trusted.extend(paths)
        for name in dirs:
            visit(rel + name + sep)

    visit("")
    return found, trusted, record, listed


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


def project_root(draft: Path, cwd: Path) -> Path:
    """The folder a draft's front-matter sources must stay inside when no config file names one.

    The git work tree that holds the draft (a newsroom repository: ``drafts/`` beside ``wire/``);
    else the working folder when the draft is inside it; else the draft's own folder.  With a config
    file, its folder is the project (see :class:`newslint.config.Config`).
    """
    folder = draft.parent.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return parent
    here = cwd.resolve()
    return here if folder.is_relative_to(here) else folder


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
