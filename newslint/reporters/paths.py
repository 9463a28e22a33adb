"""Paths as CI tools want them: relative to the repository root, with forward slashes.

GitHub code scanning, workflow annotations and reviewdog all resolve a file against the root of the
checked-out repository, whatever folder newslint ran in.  Reports therefore name files relative to
the nearest folder above the working folder that holds ``.git`` (the working folder when there is
none).  Finding paths are relative to the working folder (see ``newslint.sources.display_path``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _root_for(cwd: str) -> Path:
    here = Path(cwd)
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def source_root() -> Path:
    """The repository root above the working folder, or the working folder itself."""
    return _root_for(str(Path.cwd().resolve()))


def repo_path(path: str) -> str | None:
    """``path`` (as reported) relative to :func:`source_root`, with ``/``; ``None`` when outside it.

    ``"-"`` (stdin without ``--stdin-filename``) is returned unchanged.
    """
    if path == "-":
        return path
    root = source_root()
    for absolute in (Path(os.path.abspath(path)), Path(path).resolve()):
        try:
            return absolute.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def ci_path(path: str) -> str:
    """A path for annotations: repository-relative when possible, else absolute."""
    rel = repo_path(path)
    return rel if rel is not None else Path(os.path.abspath(path)).as_posix()
