"""The checking pass's values of an import, kept on disk for the writing pass.

Checking a row (converters, e-mail and phone parsing, the contactCreate rules) is most of an
import's Python work. The checking pass already has every good row's normalized values, so it
appends them here, one record per batch; the writing pass reads them back batch by batch
instead of reading the file and checking each row a second time. One batch is in memory at a
time, as before: the staged file, not the process, grows with the upload.

The file is private to one attempt (a temporary file, removed when the attempt ends): an
attempt after a crash checks the upload again and stages anew, so nothing here must survive a
worker. Records are pickled: they are written and read by the same process, never taken from
outside, and keep each value's Python type exactly as the checker made it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

# One staged batch: its number and its good rows (row number -> the columns contactCreate
# would write).
Batch = tuple[int, dict[int, dict[str, Any]]]


class Staging:
    """Append batches during the checking pass, then read them back in the same order."""

    def __init__(self, directory: str | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix="tandem-import-", suffix=".staged", dir=directory)
        self.path = Path(name)
        self._out: BinaryIO | None = os.fdopen(fd, "wb")

    def append(self, batch: Batch) -> None:
        if self._out is None:
            raise RuntimeError("the staging file is already closed for writing")
        pickle.dump(batch, self._out, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def batches(self) -> Iterator[Batch]:
        self.finish()
        with self.path.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)  # our own file, see the docstring
                except EOFError:
                    return

    def remove(self) -> None:
        self.finish()
        self.path.unlink(missing_ok=True)
