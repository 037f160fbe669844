"""A document's content (``content.py``) as HTML from a Jinja2 template (autoescaped: every value
a user typed is text, never markup), then as PDF by WeasyPrint.

WeasyPrint fetches nothing: the logo is a data URI and the URL fetcher refuses every other
scheme, so a document cannot be made to read a local file or call a URL. Fonts come from the
machine (DejaVu Sans, named in the stylesheet)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from weasyprint import HTML, URLFetcher

from documents.content import DocumentContent
from documents.formatting import Formatter
from documents.labels import LABELS

TEMPLATES = Path(__file__).parent / "templates"
PDF_MEDIA_TYPE = "application/pdf"
_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _data_only() -> URLFetcher:
    # data: URIs only: no file, no network, whatever a template or a value contains.
    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def html(doc: DocumentContent) -> str:
    template = _ENV.get_template("document.html")
    return template.render(doc=doc, t=LABELS[doc.language], f=Formatter(doc.language, doc.currency))


def pdf(doc: DocumentContent) -> bytes:
    """The PDF's bytes (CPU work: callers in the event loop run it in a thread)."""
    document = HTML(string=html(doc), url_fetcher=_data_only(), base_url=str(TEMPLATES))
    data = document.write_pdf()
    assert data is not None
    return bytes(data)
