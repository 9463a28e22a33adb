"""The document readers for wire XML (NITF, NewsML-G2), HTML and Word (.docx).

Registered through ``newslint_parse_document`` under the entry-point group ``newslint``, exactly
as a third-party reader would be; this package imports only ``newslint.api``.  Each reader makes
the same Document as the core's Markdown reader: a prose view of the file's length (so every
position is a line and column of the original file; for DOCX, paragraph and character), its
paragraphs and sentences, headline, publication date and dateline.  See the README's "Formats".
"""

from __future__ import annotations

from newslint.api import Document, RulePacks, hookimpl

XML_SUFFIXES = (".xml",)
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)


@hookimpl
def newslint_parse_document(path: str, data: bytes, packs: RulePacks) -> Document | None:
    name = path.lower()
    if name.endswith(XML_SUFFIXES):
        from .wire import read_xml

        return read_xml(path, data, packs)
    if name.endswith(HTML_SUFFIXES):
        from .webpage import read_html

        return read_html(path, data, packs)
    if name.endswith(DOCX_SUFFIXES):
        from .docx import read_docx

        return read_docx(path, data, packs)
    return None
