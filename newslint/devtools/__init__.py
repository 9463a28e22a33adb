"""Tools for working on newslint itself (not used when checking drafts)."""
