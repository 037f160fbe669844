"""`python -m docs_gen` rewrites the generated pages; `--check` only lists stale ones (exit 1)."""

from __future__ import annotations

import sys

from docs_gen.pages import DOCS, generate, stale, write


def main(argv: list[str]) -> int:
    pages = generate()
    if "--check" in argv:
        out_of_date = stale(pages)
        for path in out_of_date:
            print(f"out of date: {path.relative_to(DOCS.parent)} (run `make docs-generate`)")
        return 1 if out_of_date else 0
    for path in write(pages):
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
