"""User-facing message catalogue (German by default, English available).

Library code never prints; it raises typed errors (see :mod:`toolkit.errors`) that carry a
message *key* and parameters. The text is rendered here, in the user's language, only when the
CLI or the app shows it. Each module registers its own messages next to the code that raises
them, so the catalogue stays close to where it is used::

    from toolkit.messages import register

    register({
        "probe.unreadable": (
            "{path}: Die Datei lässt sich nicht lesen ({detail}). Bitte ...",
            "{path}: The file cannot be read ({detail}). Please ...",
        ),
    })

Numbers in message parameters are written in the language's style (German: "12,5 s", "70 %",
see :mod:`toolkit.numbers`); whole numbers (``int``) are left as they are.

The language comes from :func:`set_language`, else the environment variable ``MACHMAL_LANG``,
else German.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

SUPPORTED: Final = ("de", "en")
DEFAULT_LANGUAGE: Final = "de"

_CATALOGUE: dict[str, tuple[str, str]] = {}
_language: str | None = None


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages to the catalogue.

    Args:
        messages: Key -> (German text, English text). Texts are ``str.format`` templates.

    Raises:
        ValueError: If a key is registered twice with different texts.
    """
    for key, texts in messages.items():
        if key in _CATALOGUE and _CATALOGUE[key] != texts:
            raise ValueError(f"message key registered twice: {key}")
        _CATALOGUE[key] = texts


def is_registered(key: str) -> bool:
    """Whether ``key`` is a message of the catalogue."""
    return key in _CATALOGUE


def set_language(lang: str | None) -> None:
    """Set the language used for rendering messages (``None`` returns to the default)."""
    if lang is not None and lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; use one of {SUPPORTED}")
    global _language
    _language = lang


@contextmanager
def language_scope() -> Iterator[None]:
    """Undo any :func:`set_language` made inside the block when it ends (the CLI's ``--lang``
    holds for one call of :func:`toolkit.cli.main`, not for the rest of the process)."""
    before = _language
    try:
        yield
    finally:
        set_language(before)


def language() -> str:
    """Return the active language code (``de`` or ``en``)."""
    if _language:
        return _language
    env = os.environ.get("MACHMAL_LANG", "").strip().lower()[:2]
    return env if env in SUPPORTED else DEFAULT_LANGUAGE


def translate_text(text: str, lang: str | None = None) -> str:
    """``text`` (a parameterless message rendered in any language, e.g. a job's stage as a
    worker stored it) in ``lang``; unknown texts come back unchanged."""
    for key, texts in _CATALOGUE.items():
        if text in texts and "{" not in texts[0]:
            return t(key, lang)
    return text


def t(key: str, lang: str | None = None, **params: object) -> str:
    """Render message ``key`` in ``lang`` (default: the active language).

    Unknown keys render as the key itself plus its parameters, so a missing translation is
    visible but never crashes error handling.
    """
    texts = _CATALOGUE.get(key)
    if texts is None:
        extra = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{key} ({extra})" if extra else key
    code = lang or language()
    template = texts[SUPPORTED.index(code)]
    try:
        from toolkit.numbers import localise_params

        return template.format(**localise_params(params, code))
    except (KeyError, IndexError, ValueError):
        return template


def t_count(key: str, count: int, lang: str | None = None, **params: object) -> str:
    """Render ``key`` for ``count`` things: ``key.one`` for exactly one, else ``key.other``
    (German and English both have these two forms: "1 Wort ist" / "3 Wörter sind")."""
    return t(f"{key}.{'one' if count == 1 else 'other'}", lang, count=count, **params)
