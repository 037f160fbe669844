"""A document as a file, for a caller: load what it may see, render it, record it in the audit
log (who took which document, in which format) in one unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from documents.content import DocumentContent, load
from documents.pdf import PDF_MEDIA_TYPE, pdf
from documents.xlsx import XLSX_MEDIA_TYPE, xlsx
from models.access.records import RecordAccess
from models.audit import write_audit
from models.errors import NotFound
from models.global_ids import parse_global_id
from models.i18n import msg
from models.unit_of_work import unit_of_work

FORMATS: dict[str, tuple[str, Callable[[DocumentContent], bytes]]] = {
    "pdf": (PDF_MEDIA_TYPE, pdf),
    "xlsx": (XLSX_MEDIA_TYPE, xlsx),
}


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    content: DocumentContent
    data: bytes
    media_type: str

    def filename(self, fmt: str) -> str:
        return f"{self.content.filename}.{fmt}"


async def rendered(
    access_of: Callable[[str], RecordAccess],
    global_id: str,
    fmt: str,
    *,
    actor_id: int | None,
    audit: bool = True,
) -> RenderedDocument:
    """The document in ``fmt`` (pdf, xlsx) as the caller may see it; NOT_FOUND for an unknown
    format, id, or a record outside the caller's read scope."""
    if fmt not in FORMATS:
        raise NotFound(msg("No document format {fmt!r}", fmt=fmt[:10]))
    media_type, render = FORMATS[fmt]
    content = await load(access_of, global_id)
    # Rendering is CPU work of tens of milliseconds: off the event loop.
    data = await asyncio.to_thread(render, content)
    if audit:
        parsed = parse_global_id(global_id)
        assert parsed is not None
        obj = content.kind if content.kind != "credit_note" else "invoice"
        async with unit_of_work():
            await write_audit(actor_id, f"{obj}.document", obj, parsed[1], None, {"format": fmt})
    return RenderedDocument(content, data, media_type)
