"""Per-request dataloaders: one query per model for all the ids a response needs (no N+1).

Loaders return rows whatever the caller may see; the caller's scope is checked where a row is
handed out (resolvers/records.py), so one cached row serves every path of the response.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from models.tortoise_adapter import fetch_by_ids


class Loaders:
    __slots__ = ("_by_model", "_grouped")

    def __init__(self) -> None:
        self._by_model: dict[type[Model], DataLoader[int, Any]] = {}
        self._grouped: dict[tuple[Any, ...], DataLoader[int, list[Any]]] = {}

    def grouped(
        self, model: type[Model], column: str, order: tuple[str, ...]
    ) -> DataLoader[int, list[Any]]:
        """Rows of ``model`` per value of ``column`` (a pipeline's stages), one query in all."""
        key = (model, column, order)
        loader = self._grouped.get(key)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[list[Any]]:
                found: dict[int, list[Any]] = {i: [] for i in ids}
                query = model.filter(**{f"{column}__in": list(ids)}).order_by(*order)
                for row in await query:
                    found[getattr(row, column)].append(row)
                return [found[i] for i in ids]

            loader = self._grouped[key] = DataLoader(load_fn=load)
        return loader

    def of(self, model: type[Model]) -> DataLoader[int, Any]:
        loader = self._by_model.get(model)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                rows = {row.pk: row for row in await fetch_by_ids(model, ids)}
                return [rows.get(i) for i in ids]

            loader = self._by_model[model] = DataLoader(load_fn=load)
        return loader

    def prime(self, rows: Sequence[Model]) -> None:
        """Rows already fetched (a list page) answer later loads of the same ids."""
        for row in rows:
            self.of(type(row)).prime(row.pk, row)
