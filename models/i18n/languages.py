"""Which language a person reads: theirs if Tandem speaks it, else the request's
``Accept-Language`` negotiated among Tandem's languages, else English."""

from __future__ import annotations

from babel import Locale

DEFAULT = "en"
LANGUAGES = ("en", "es", "fr")


def supported(tag: str | None) -> str | None:
    """The language of ``tag`` Tandem speaks (``es-MX`` and ``es_MX`` are ``es``), or None."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else None


def _accepted(header: str) -> list[str]:
    """The header's tags, most wanted first; q=0 means "not this one"."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, position, tag.strip().replace("-", "_")))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(user_language: str | None, accept_language: str | None) -> str:
    """The language to answer in: the signed-in user's, else the best match of the request's
    ``Accept-Language`` (Babel's negotiation, ``es-MX`` matching ``es``), else English."""
    chosen = supported(user_language)
    if chosen:
        return chosen
    if accept_language:
        best = Locale.negotiate(_accepted(accept_language), list(LANGUAGES), sep="_")
        if best is not None:
            return supported(best.language) or DEFAULT
    return DEFAULT
