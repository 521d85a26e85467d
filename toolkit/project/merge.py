"""Field-level diff and three-way merge of project data (plain JSON-like dicts and lists).

An edit made against an older revision (*base*) is merged with what is on disk now (*theirs*):
every field that only one side changed takes that side's value; a field both sides changed to
different values is a conflict. Mappings merge key by key; lists of records with an ``id``
(people, takes) merge record by record; other lists merge when both sides only appended.

Paths are tuples of segments: a key (``"company"``) or a record (``"[Lena]"``, its name or id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from toolkit.messages import language, register

register({
    "project.field.company": ("Firma", "company"),
    "project.field.trade": ("Beruf", "trade"),
    "project.field.placeholders": ("Platzhalter", "placeholders"),
    "project.field.people": ("Personen", "people"),
    "project.field.brand": ("Brandkit", "brand kit"),
    "project.field.cta": ("Aufruf", "call to action"),
    "project.field.shots": ("Shots", "shots"),
    "project.field.consent_overrides": ("Ausnahmen (Einwilligung)", "consent exceptions"),
    "project.field.name": ("Name", "name"),
    "project.field.edit": ("Schnitt", "edit"),
    "project.field.studio": ("Auswahl im Studio", "studio choices"),
    "project.field.description": ("Beschreibung", "description"),
    "project.field.position": ("Offene Stelle", "open position"),
    "project.change.added": ("neu", "added"),
    "project.change.removed": ("entfernt", "removed"),
    "project.change.changed": ("geändert", "changed"),
})

Path = tuple[str, ...]
Kind = Literal["added", "removed", "changed"]
# Bookkeeping fields that change on every save and never count as a change or a conflict.
IGNORED = frozenset({"revision", "updated"})


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Change:
    """One changed place: its path and whether it was added, removed or changed."""

    path: Path
    kind: Kind


def strip_bookkeeping(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the fields every save changes (revision, time of the save)."""
    return {k: v for k, v in data.items() if k not in IGNORED}


def diff(old: Any, new: Any, path: Path = ()) -> list[Change]:
    """The places where ``new`` differs from ``old`` (records and keys, then leaves)."""
    if old == new:
        return []
    if old is MISSING or new is MISSING:
        return [Change(path, "added" if old is MISSING else "removed")]
    if isinstance(old, dict) and isinstance(new, dict):
        keys = list(old) + [k for k in new if k not in old]
        return [c for k in keys if k not in IGNORED or path
                for c in diff(old.get(k, MISSING), new.get(k, MISSING), (*path, str(k)))]
    if _keyed(old, new):
        olds, news = _by_id(old), _by_id(new)
        labels = {**_labels(old), **_labels(new)}
        ids = list(olds) + [i for i in news if i not in olds]
        return [c for i in ids
                for c in diff(olds.get(i, MISSING), news.get(i, MISSING), (*path, labels[i]))]
    return [Change(path, "changed")]


def merge3(base: Any, theirs: Any, ours: Any, path: Path = ()) -> tuple[Any, list[Path]]:
    """Three-way merge: returns ``(merged, conflict paths)``; ``MISSING`` means absent."""
    if ours == base or ours == theirs:
        return theirs, []
    if theirs == base:
        return ours, []
    if _all(dict, theirs, ours) and (base is MISSING or isinstance(base, dict)):
        return _merge_dicts({} if base is MISSING else base, theirs, ours, path)
    if _all(list, theirs, ours) and (base is MISSING or isinstance(base, list)):
        start = [] if base is MISSING else base
        if _keyed(start, theirs, ours):
            return _merge_records(start, theirs, ours, path)
        if theirs[:len(start)] == start and ours[:len(start)] == start:
            extra = [x for x in ours[len(start):] if x not in theirs[len(start):]]
            return theirs + extra, []
    return theirs, [path]


def describe(path: Path, kind: Kind | None = None, lang: str | None = None) -> str:
    """A readable name for ``path``, e.g. ``Personen › Lena › consent › given (geändert)``."""
    from toolkit.messages import t

    lang = lang or language()
    if not path:
        head: list[str] = ["Projekt" if lang == "de" else "project"]
    else:
        label = t(f"project.field.{path[0]}", lang)
        head = [path[0] if label.startswith("project.field.") else label]
    rest = [seg[1:-1] if seg.startswith("[") and seg.endswith("]") else seg for seg in path[1:]]
    text = " › ".join(head + rest)
    return f"{text} ({t(f'project.change.{kind}', lang)})" if kind else text


def _merge_dicts(base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any],
                 path: Path) -> tuple[dict[str, Any], list[Path]]:
    merged: dict[str, Any] = {}
    conflicts: list[Path] = []
    for key in list(theirs) + [k for k in ours if k not in theirs]:
        value, found = merge3(base.get(key, MISSING), theirs.get(key, MISSING),
                              ours.get(key, MISSING), (*path, str(key)))
        conflicts += found
        if value is not MISSING:
            merged[key] = value
    return merged, conflicts


def _merge_records(base: list[Any], theirs: list[Any], ours: list[Any],
                   path: Path) -> tuple[list[Any], list[Path]]:
    bases, theirs_by, ours_by = _by_id(base), _by_id(theirs), _by_id(ours)
    labels = {**_labels(base), **_labels(ours), **_labels(theirs)}
    ids = list(theirs_by) + [i for i in ours_by if i not in theirs_by and i not in bases]
    merged: list[Any] = []
    conflicts: list[Path] = []
    for rid in ids:
        base_item, their_item = bases.get(rid, MISSING), theirs_by.get(rid, MISSING)
        our_item = ours_by.get(rid, MISSING)
        if base_item is MISSING and MISSING not in (their_item, our_item) \
                and their_item != our_item:  # two different records got the same id
            merged.append(their_item)
            conflicts.append((*path, labels[rid]))
            continue
        value, found = merge3(base_item, their_item, our_item, (*path, labels[rid]))
        conflicts += found
        if value is not MISSING:
            merged.append(value)
    return merged, conflicts


def _all(kind: type, *values: Any) -> bool:
    return all(isinstance(v, kind) for v in values)


def _keyed(*lists: list[Any]) -> bool:
    """True when every item of every list is a record with a unique string ``id``."""
    if not _all(list, *lists) or not any(lists):
        return False
    for items in lists:
        ids = [x.get("id") if isinstance(x, dict) else None for x in items]
        if not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
            return False
    return True


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _labels(items: list[dict[str, Any]]) -> dict[str, str]:
    return {item["id"]: f"[{item.get('name') or item['id']}]" for item in items}
