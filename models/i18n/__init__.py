"""Languages (issue 20): every text a person reads, in English, Spanish and French.

Texts are written in English in the code and marked (``N_``, ``msg``, or as the first argument of
a domain error); gettext catalogs in ``locale/`` hold the Spanish and French. A text is kept as its
English message id plus named values until it reaches the person who reads it, and translated
there, in their language (docs/architecture.md, "Languages").
"""

from __future__ import annotations

from models.i18n.catalogs import translate
from models.i18n.languages import DEFAULT, LANGUAGES, negotiate, supported
from models.i18n.message import N_, Amount, Message, msg, render

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "N_",
    "Amount",
    "Message",
    "msg",
    "negotiate",
    "render",
    "supported",
    "translate",
]
