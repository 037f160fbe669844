"""Arranging sales documents for document-file tests (issued through the API) and reading the
files back: PDF text with pdftotext, a page as PNG with pdftoppm, XLSX with openpyxl."""

from __future__ import annotations

import io
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from openpyxl import load_workbook
from PIL import Image, ImageChops

from models.product import Product
from tests.support import crm
from tests.support.accounts import Account
from tests.support.graphql import GraphQLClient

ORDER = """mutation($input: OrderCreateInput!) { orderCreate(input: $input) { id } }"""
ISSUE = """mutation($input: InvoiceIssueInput!) { invoiceIssue(input: $input) { id code } }"""
QUOTE = """mutation($input: QuoteCreateInput!) { quoteCreate(input: $input) { id } }"""


async def products() -> tuple[Product, Product]:
    """A widget (cost 61.17) and a service (cost 12.34), with their costs easy to spot."""
    widget = await Product.create(
        sku=uuid4().hex[:12], name="Widget Pro", price=Decimal("100"), cost=Decimal("61.17")
    )
    service = await Product.create(
        sku=uuid4().hex[:12], name="Setup service", price=Decimal("50"), cost=Decimal("12.34")
    )
    return widget, service


def lines(widget: Product, service: Product) -> list[dict[str, str]]:
    return [
        {"productId": crm.gid(widget), "quantity": "3", "taxRate": "21"},
        {"productId": crm.gid(service), "quantity": "1", "taxRate": "10", "discount": "10"},
    ]


async def issued_invoice(api: GraphQLClient, who: Account, **parties: Any) -> dict[str, str]:
    """An invoice of two lines at 21 % and 10 %: net 345.00, tax 67.50, total 412.50."""
    widget, service = await products()
    order = await api.ok(
        ORDER,
        {"input": {"lines": lines(widget, service), **parties}},
        token=who.access_token,
    )
    data = await api.ok(
        ISSUE, {"input": {"orderId": order["orderCreate"]["id"]}}, token=who.access_token
    )
    return dict(data["invoiceIssue"])


async def draft_quote(api: GraphQLClient, who: Account, **parties: Any) -> str:
    widget, service = await products()
    data = await api.ok(
        QUOTE,
        {"input": {"lines": lines(widget, service), **parties}},
        token=who.access_token,
    )
    return str(data["quoteCreate"]["id"])


async def fetch(http: httpx.AsyncClient, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.get(path, headers=headers)


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True
        )
    return out.stdout.decode()


def first_page(data: bytes, dpi: int = 60) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(Path(tmp) / "page"),
            ],
            check=True,
        )
        with Image.open(Path(tmp) / "page.png") as image:
            return image.convert("RGB")


def difference_ratio(a: Image.Image, b: Image.Image, threshold: int = 48) -> float:
    """The share of pixels whose colour differs by more than ``threshold`` in any channel."""
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > threshold else 0)
    changed = diff.histogram()[255]
    return changed / (a.size[0] * a.size[1])


def xlsx_rows(data: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    # Numbers come back as int or float; as Decimal (through their shortest text) they compare
    # exactly with the amounts the API shows.
    rows = [
        [Decimal(str(c)) if isinstance(c, int | float) else c for c in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return rows
