"""Cross-reference checks a schema alone cannot express (with file lines).

Unique ids, roles that exist, placeholders that are declared, lesson references, and a length
that fits the template's target and its platforms.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.messages import register
from toolkit.storyboard.placeholders import iter_texts, known_names, names_in
from toolkit.storyboard.schema import Template
from toolkit.storyboard.yamlsrc import Problem, YamlSource

register({
    "template.check.duplicate_id": (
        "Die ID „{id}“ gibt es schon weiter oben; IDs müssen eindeutig sein.",
        "The id '{id}' is already used above; ids must be unique.",
    ),
    "template.check.unknown_role": (
        "Die Rolle „{role}“ ist nicht unter „roles“ definiert (vorhanden: {known}).",
        "The role '{role}' is not defined under 'roles' (defined: {known}).",
    ),
    "template.check.unknown_placeholder": (
        "Platzhalter „{{{name}}}“ ist unbekannt. Unter „placeholders“ anlegen oder einen "
        "dieser nehmen: {known}.",
        "Placeholder '{{{name}}}' is unknown. Declare it under 'placeholders' or use one of: "
        "{known}.",
    ),
    "template.check.unknown_shot": (
        "Die Lektion verweist auf den Shot „{shot}“, den es nicht gibt.",
        "The lesson refers to the shot '{shot}', which does not exist.",
    ),
    "template.check.length_target": (
        "Die Pflicht-Shots ergeben {total:.0f} s, die Ziellänge ist {target:.0f} s "
        "(erlaubt: ±25 %). Sekunden der Shots oder „target_seconds“ anpassen.",
        "The required shots add up to {total:.0f} s, the target length is {target:.0f} s "
        "(allowed: ±25 %). Adjust the shots' seconds or 'target_seconds'.",
    ),
    "template.check.length_platform": (
        "Mit allen Shots ({total:.0f} s) ist das Video zu lang für {platform} "
        "(höchstens {limit:.0f} s).",
        "With all shots ({total:.0f} s) the video is too long for {platform} "
        "(at most {limit:.0f} s).",
    ),
})

PLATFORM_PRESETS: dict[str, str] = {
    "instagram_reels": "reels", "tiktok": "tiktok", "youtube_shorts": "shorts",
    "facebook_reels": "fb-reels", "instagram_story": "story", "youtube": "youtube",
    "linkedin": "linkedin",
}
"""Template platform name -> export preset id (the limits live in :mod:`toolkit.platforms`)."""
TARGET_TOLERANCE = 0.25


def check(template: Template, source: YamlSource) -> list[Problem]:
    """Return all cross-reference problems of ``template`` (empty if it is consistent)."""
    problems = [*_unique_ids(template, source), *_roles(template, source),
                *_placeholders(template, source), *_lessons(template, source),
                *_lengths(template, source)]
    return sorted(problems, key=lambda p: p.line)


def _unique_ids(template: Template, src: YamlSource) -> Iterable[Problem]:
    groups: list[list[tuple[tuple[str | int, ...], str]]] = [
        [(("roles", i, "id"), r.id) for i, r in enumerate(template.roles)],
        [(("scenes", i, "id"), s.id) for i, s in enumerate(template.scenes)],
        [(("scenes", si, "shots", hi, "id"), shot.id)
         for si, scene in enumerate(template.scenes) for hi, shot in enumerate(scene.shots)],
        [(("lessons", i, "id"), lesson.id) for i, lesson in enumerate(template.lessons)],
    ]
    for group in groups:
        seen: set[str] = set()
        for loc, ident in group:
            if ident in seen:
                yield src.problem(loc, "template.check.duplicate_id", id=ident)
            seen.add(ident)


def _roles(template: Template, src: YamlSource) -> Iterable[Problem]:
    known = {r.id for r in template.roles}
    listing = ", ".join(sorted(known))
    for si, scene in enumerate(template.scenes):
        for hi, shot in enumerate(scene.shots):
            base = ("scenes", si, "shots", hi)
            for wi, role in enumerate(shot.who):
                if role not in known:
                    yield src.problem((*base, "who", wi), "template.check.unknown_role",
                                      role=role, known=listing)
            for li, line in enumerate(shot.lines):
                if line.role and line.role not in known:
                    yield src.problem((*base, "lines", li, "role"), "template.check.unknown_role",
                                      role=line.role, known=listing)
    for name, decl in template.placeholders.items():
        if decl.from_role and decl.from_role not in known:
            yield src.problem(("placeholders", name, "from_role"), "template.check.unknown_role",
                              role=decl.from_role, known=listing)


def _placeholders(template: Template, src: YamlSource) -> Iterable[Problem]:
    known = known_names(template)
    listing = ", ".join("{" + n + "}" for n in sorted(known))
    for loc, text in iter_texts(template):
        for lang, value in (("de", text.de), ("en", text.en or "")):
            for name in names_in(value):
                if name not in known:
                    yield src.problem((*loc, lang), "template.check.unknown_placeholder",
                                      name=name, known=listing)


def _lessons(template: Template, src: YamlSource) -> Iterable[Problem]:
    shot_ids = {s.id for s in template.shots()}
    for li, lesson in enumerate(template.lessons):
        for si, shot in enumerate(lesson.shots):
            if shot not in shot_ids:
                yield src.problem(("lessons", li, "shots", si), "template.check.unknown_shot",
                                  shot=shot)


def _lengths(template: Template, src: YamlSource) -> Iterable[Problem]:
    required = template.total_seconds()
    target = template.target_seconds
    if abs(required - target) > TARGET_TOLERANCE * target:
        yield src.problem(("target_seconds",), "template.check.length_target",
                          total=required, target=target)
    everything = template.total_seconds(include_optional=True)
    for i, platform in enumerate(template.platforms):
        limit = max_seconds(platform)
        if limit is not None and everything > limit:
            yield src.problem(("platforms", i), "template.check.length_platform",
                              total=everything, platform=preset_name(platform), limit=limit)


def max_seconds(platform: str) -> float | None:
    """The longest video ``platform`` accepts (None: no practical limit)."""
    from toolkit.platforms import get_preset

    return get_preset(PLATFORM_PRESETS[platform]).max_duration


def preset_name(platform: str) -> str:
    """Human-readable platform name (``instagram_reels`` -> ``Instagram Reels``)."""
    from toolkit.platforms import get_preset

    return get_preset(PLATFORM_PRESETS[platform]).name
