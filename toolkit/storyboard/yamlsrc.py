"""YAML files whose validation errors name the file, the line and the field.

PyYAML's composer builds a node tree that remembers where every value started; the same parse
also gives the plain Python data. Pydantic reports an error location as a path (``("scenes", 0,
"shots", 2, "framing")``); :meth:`YamlSource.line_for` walks that path through the node tree and
returns the 1-based line of the deepest node it reaches (the key's line for mapping entries, so a
misspelt or missing field points at the right place).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from toolkit.messages import register, t

register({
    "yaml.problem": (
        "  Zeile {line}, Feld „{field}“: {detail}",
        "  line {line}, field '{field}': {detail}",
    ),
    "yaml.problem.nofield": (
        "  Zeile {line}: {detail}",
        "  line {line}: {detail}",
    ),
    "yaml.syntax": (
        "YAML-Syntaxfehler: {problem}. Häufige Ursachen: Tabulator statt Leerzeichen, "
        "fehlendes Leerzeichen nach „:“ oder ein Text mit „:“ ohne Anführungszeichen.",
        "YAML syntax error: {problem}. Common causes: a tab instead of spaces, a missing space "
        "after ':' or text containing ':' without quotes.",
    ),
    "yaml.duplicate_key": (
        "Das Feld „{key}“ steht hier doppelt; nur das letzte würde gelten.",
        "The field '{key}' appears twice here; only the last one would count.",
    ),
    "yaml.not_mapping": (
        "Die Datei muss mit Feldern wie „id:“ und „title:“ beginnen (eine YAML-Zuordnung).",
        "The file must start with fields like 'id:' and 'title:' (a YAML mapping).",
    ),
    "yaml.err.missing": ("Pflichtfeld fehlt.", "Required field is missing."),
    "yaml.err.extra_forbidden": (
        "Unbekanntes Feld (Tippfehler?).", "Unknown field (typo?)."),
    "yaml.err.literal_error": (
        "Ungültiger Wert; erlaubt sind: {expected}.", "Invalid value; allowed: {expected}."),
    "yaml.err.string_type": ("Hier wird ein Text erwartet.", "A text is expected here."),
    "yaml.err.string_too_short": ("Der Text darf nicht leer sein.", "The text must not be empty."),
    "yaml.err.too_short": (
        "Hier wird mindestens {min_length} Eintrag erwartet.",
        "At least {min_length} entry is expected here."),
    "yaml.err.int_parsing": ("Hier wird eine ganze Zahl erwartet.", "A whole number is expected."),
    "yaml.err.float_parsing": ("Hier wird eine Zahl erwartet.", "A number is expected here."),
    "yaml.err.int_type": ("Hier wird eine ganze Zahl erwartet.", "A whole number is expected."),
    "yaml.err.float_type": ("Hier wird eine Zahl erwartet.", "A number is expected here."),
    "yaml.err.bool_type": ("Hier wird ja/nein (true/false) erwartet.",
                           "Yes/no (true/false) is expected here."),
    "yaml.err.bool_parsing": ("Hier wird ja/nein (true/false) erwartet.",
                              "Yes/no (true/false) is expected here."),
    "yaml.err.greater_than": ("Der Wert muss größer als {gt} sein.", "The value must be > {gt}."),
    "yaml.err.greater_than_equal": (
        "Der Wert muss mindestens {ge} sein.", "The value must be at least {ge}."),
    "yaml.err.less_than_equal": (
        "Der Wert darf höchstens {le} sein.", "The value must be at most {le}."),
    "yaml.err.list_type": ("Hier wird eine Liste erwartet (Zeilen mit „- “).",
                           "A list is expected here (lines starting with '- ')."),
    "yaml.err.dict_type": ("Hier werden Felder erwartet (z. B. „de: …“).",
                           "Fields are expected here (e.g. 'de: ...')."),
    "yaml.err.model_type": ("Hier werden Felder erwartet (z. B. „de: …“).",
                            "Fields are expected here (e.g. 'de: ...')."),
    "yaml.err.model_attributes_type": ("Hier werden Felder erwartet.", "Fields are expected here."),
    "yaml.err.string_pattern_mismatch": (
        "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. „hook-1“.",
        "Only lower-case letters a-z, digits and hyphens, e.g. 'hook-1'."),
})

M = TypeVar("M", bound=BaseModel)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~8x faster, same marks
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a YAML file.

    Attributes:
        line: 1-based line number.
        loc: Path to the field (keys and list indices).
        key: Message key of the description; ``detail`` is used when the key is unknown.
        params: Message parameters.
        detail: Fallback text (pydantic's own, English).
    """

    line: int
    loc: Loc
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""

    @property
    def field_path(self) -> str:
        """The location as ``scenes[0].shots[2].framing``."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def render(self, lang: str | None = None) -> str:
        """Render as one line in ``lang``."""
        detail = t(self.key, lang, **self.params) if self.key else self.detail
        if detail == self.key:  # unknown key -> fall back to pydantic's text
            detail = self.detail
        if not self.loc:
            return t("yaml.problem.nofield", lang, line=self.line, detail=detail)
        return t("yaml.problem", lang, line=self.line, field=self.field_path, detail=detail)


class YamlSource:
    """A parsed YAML document that can map field paths to line numbers.

    Attributes:
        path: The file (used in messages).
        data: The plain Python data.
        root: The composed node tree.
    """

    def __init__(self, path: Path, data: Any, root: yaml.Node | None) -> None:
        self.path = path
        self.data = data
        self.root = root

    def line_for(self, loc: Sequence[str | int]) -> int:
        """Return the 1-based line of the deepest node on ``loc`` (1 if the file is empty)."""
        node, line = self.root, 0
        if node is None:
            return 1
        line = node.start_mark.line
        for part in loc:
            found = _step(node, part)
            if found is None:
                continue  # pydantic inserts union tags into locs; skip what is not in the file
            node, line = found
        return line + 1

    def problem(self, loc: Sequence[str | int], key: str, **params: Any) -> Problem:
        """Build a :class:`Problem` at ``loc``."""
        return Problem(self.line_for(loc), tuple(loc), key, params)

    def duplicate_keys(self) -> list[Problem]:
        """Problems for keys that appear twice in one mapping (PyYAML keeps only the last)."""
        problems: list[Problem] = []
        stack = [self.root] if self.root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, value in node.value:
                    if key_node.value in seen:
                        problems.append(Problem(key_node.start_mark.line + 1, (),
                                                "yaml.duplicate_key", {"key": key_node.value}))
                    seen.add(key_node.value)
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return sorted(problems, key=lambda p: p.line)

    def validate(self, model: type[M]) -> tuple[M | None, list[Problem]]:
        """Validate the data against ``model``; return the instance or the problems."""
        problems = self.duplicate_keys()
        if not isinstance(self.data, dict):
            return None, [*problems, Problem(1, (), "yaml.not_mapping")]
        try:
            instance = model.model_validate(self.data)
        except ValidationError as exc:
            return None, problems + [self._from_pydantic(e) for e in exc.errors()]
        return (instance, []) if not problems else (None, problems)

    def _from_pydantic(self, error: Any) -> Problem:
        loc = tuple(error["loc"])
        kind = error["type"]
        params = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
        if "expected" in params:  # pydantic joins the last choice with an English "or"
            params["expected"] = str(params["expected"]).replace("' or '", "', '")
        if kind == "value_error":  # our own validators: the message is already ours
            return Problem(self.line_for(loc), _clean(loc), "", {}, str(params.get("error", "")))
        return Problem(self.line_for(loc), _clean(loc), f"yaml.err.{kind}", params, error["msg"])


def parse(path: Path, text: str) -> YamlSource:
    """Parse YAML ``text`` (from ``path``) keeping node positions.

    Raises:
        yaml.MarkedYAMLError: On a syntax error (callers turn it into their own error type).
    """
    loader = _LOADER(unicodedata.normalize("NFC", text))
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return YamlSource(path, data, root)


def syntax_problem(error: yaml.YAMLError) -> Problem:
    """Turn a PyYAML error into a :class:`Problem` with its line."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    return Problem(line, (), "yaml.syntax", {"problem": problem})


def render_problems(problems: Sequence[Problem], lang: str | None = None, limit: int = 12) -> str:
    """Render problems as lines (at most ``limit``, then a count of the rest)."""
    lines = [p.render(lang) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … (+{len(problems) - limit})")
    return "\n".join(lines)


def _step(node: yaml.Node, part: str | int) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value in node.value:
            if key_node.value == part:
                return value, key_node.start_mark.line
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            item = node.value[part]
            return item, item.start_mark.line
    return None


def _clean(loc: Loc) -> Loc:
    """Drop pydantic's internal union/validator tags from a location."""
    return tuple(p for p in loc if isinstance(p, int) or not _is_tag(p))


def _is_tag(part: str) -> bool:
    return "[" in part or part[:1].isupper()


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) else str(value)
