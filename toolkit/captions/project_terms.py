"""The words a project feeds into the caption glossary: names, company, trade, placeholders.

Captions made for a project (``machmal subtitle --project``, the render of a project) spell these
terms as the project does, through the glossary correction (:mod:`toolkit.captions.correct`):
near-misses in the decode are corrected and flagged; a term is never added where nobody said it.
"""

from __future__ import annotations

import re
from typing import Any, Final

from toolkit.captions.glossary import Glossary

MAX_WORDS: Final = 4
_GENDER = re.compile(r"^(?P<stem>\w+?)(?:[:*_/]|/-)(?:in|innen)$")


def project_terms(project: Any) -> list[str]:
    """Names, company, trade and placeholder values of ``project``, as glossary terms.

    Gender forms are spoken, not written: "Bäcker:in" gives "Bäcker" and "Bäckerin". Values with
    digits (times, amounts: formatted separately), URLs and phrases of more than
    :data:`MAX_WORDS` words are left out.

    Args:
        project: A :class:`toolkit.project.model.Project` (or anything with ``people``,
            ``company``, ``trade`` and ``placeholders``).
    """
    raw = [p.name for p in getattr(project, "people", [])]
    raw += [getattr(project, "company", ""), getattr(project, "trade", "")]
    raw += list((getattr(project, "placeholders", None) or {}).values())
    terms: dict[str, None] = {}
    for value in raw:
        for term in _spoken_forms(str(value or "")):
            terms.setdefault(term, None)
    return list(terms)


def _spoken_forms(value: str) -> list[str]:
    text = " ".join(value.split())
    if not text or any(c.isdigit() for c in text) or "://" in text or "@" in text:
        return []
    if len(text.split()) > MAX_WORDS:
        return []
    m = _GENDER.match(text)
    if m:
        return [m.group("stem"), m.group("stem") + "in"]
    return [text]


def project_glossary(project: Any, extra: Glossary | None = None) -> Glossary:
    """The project's terms as a :class:`Glossary`, merged with ``extra`` (a user glossary)."""
    own = Glossary(hotwords=tuple(project_terms(project)),
                   names=tuple(p.name for p in getattr(project, "people", []) if p.name))
    return own.merged(extra) if extra is not None else own
