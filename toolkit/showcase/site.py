"""Render the showcase as a self-contained static site (plain data in, files out).

Layout of the site::

    index.html, index.en.html        overview: hero, rows by trade and by company, programme
    v/<slug>.html, v/<slug>.en.html  detail page per video
    media/<slug>.mp4, <slug>.jpg     the finished video (hard-linked or copied) and its cover
    assets/showcase.css, .js, icon.svg

Every page is rendered on the server side with Jinja2 (autoescaping on), so nothing is fetched
at run time; caption tracks are inlined as ``data:`` URLs because browsers refuse to load a
``.vtt`` file next to a page opened from ``file://``. The only script is ``assets/showcase.js``
(keyboard navigation in the rows, "live now" / "next" in the programme).
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from toolkit.errors import MachmalError
from toolkit.project.model import CallToAction
from toolkit.project.position import effective_position
from toolkit.showcase.collect import Included, shown_project
from toolkit.showcase.programme import Programme
from toolkit.showcase.texts import format_date, format_slot, translator

HERE = Path(__file__).parent
LANGS = ("de", "en")
DEFAULT_CTA = CallToAction().text
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; "
       "frame-src 'none'; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class SiteInput:
    """Everything a site is rendered from."""

    title: str | None
    items: Sequence[Included]
    programme: Programme | None = None


def page_name(base: str, lang: str) -> str:
    """``index`` -> ``index.html`` (German) or ``index.en.html``."""
    return f"{base}.html" if lang == "de" else f"{base}.{lang}.html"


def write_site(site: SiteInput, folder: Path) -> list[Path]:
    """Write the whole site into the empty ``folder``; return the pages written."""
    for sub in ("assets", "media", "v"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name in ("showcase.css", "showcase.js", "icon.svg"):
        shutil.copyfile(HERE / "static" / name, folder / "assets" / name)
    videos = [_video_context(item, folder / "media") for item in site.items]
    env = _environment()
    pages = []
    for lang in LANGS:
        common = _common(site, lang)
        index = folder / page_name("index", lang)
        index.write_text(env.get_template("index.html").render(
            **common, root="", videos=[_localise(v, lang) for v in videos],
            rows=_rows(videos, lang), programme=_programme(site, videos, lang),
            other=page_name("index", _other(lang))), encoding="utf-8")
        pages.append(index)
        for video in videos:
            page = folder / "v" / page_name(video["slug"], lang)
            page.write_text(env.get_template("detail.html").render(
                **common, root="../", video=_localise(video, lang),
                other=page_name(video["slug"], _other(lang))), encoding="utf-8")
            pages.append(page)
    return pages


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _common(site: SiteInput, lang: str) -> dict[str, Any]:
    tx = translator(lang)
    return {"lang": lang, "tx": tx, "csp": Markup(CSP),
            "title": site.title or (site.programme.title if site.programme else "")
            or tx("showcase.ui.default_title")}


def _other(lang: str) -> str:
    return "en" if lang == "de" else "de"


def _video_context(item: Included, media: Path) -> dict[str, Any]:
    project, video = item.project, item.video
    slug = project.slug
    _link_or_copy(video.video, media / f"{slug}.mp4")
    poster = None
    if video.cover is not None:
        _link_or_copy(video.cover, media / f"{slug}.jpg")
        poster = f"media/{slug}.jpg"
    position = effective_position(project)
    return {
        "slug": slug, "title": project.name, "company": project.company or project.name,
        "trade": position.trade, "description": project.description,
        "location": position.location, "start": position.start,
        "apply_url": position.apply_url, "cta": project.cta.text.strip(),
        "src": f"media/{slug}.mp4", "poster": poster, "captions": _captions_url(video.captions),
        "width": video.width, "height": video.height, "aspect": video.aspect,
        "has_position": not project.position.is_empty() or bool(position.apply_url),
    }


def _localise(video: dict[str, Any], lang: str) -> dict[str, Any]:
    start, cta = video["start"], video["cta"]
    if lang != "de" and cta == DEFAULT_CTA:  # the default is ours to translate; custom text
        cta = ""                              # is the company's own words, shown as written
    return {**video, "start_text": format_date(start, lang) if start else "", "cta": cta,
            "page": "v/" + page_name(video["slug"], lang)}


def _rows(videos: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Rows by trade, then by company (in the order the projects were given)."""
    tx = translator(lang)
    rows: list[dict[str, Any]] = []
    for kind, key in (("trade", "showcase.ui.by_trade"), ("company", "showcase.ui.by_company")):
        groups: dict[str, list[dict[str, Any]]] = {}
        for video in videos:
            name = video[kind] or tx("showcase.ui.other_trade")
            groups.setdefault(name, []).append(_localise(video, lang))
        for name, members in groups.items():
            rows.append({"kind": kind, "label": tx(key), "name": name, "videos": members})
    return rows


def _programme(site: SiteInput, videos: list[dict[str, Any]], lang: str
               ) -> dict[str, Any] | None:
    programme = site.programme
    if programme is None:
        return None
    by_slug = {v["slug"]: v for v in videos}
    slots = []
    for slot in programme.slots:
        shown = shown_project(slot.project, site.items)
        video = by_slug[shown.project.slug] if shown else None
        slots.append({
            "start": slot.start.isoformat(), "end": slot.end.isoformat(),
            "when": format_slot(slot.start, slot.end, programme.zone, lang),
            "company": slot.company, "trade": slot.trade, "title": slot.title,
            "link": slot.link, "video": _localise(video, lang)["page"] if video else None,
        })
    return {"title": programme.title, "zone": programme.timezone, "slots": slots}


def _captions_url(path: Path | None) -> str | None:
    """The captions as a clean WebVTT ``data:`` URL (None when absent or unreadable)."""
    if path is None:
        return None
    from toolkit.captions.formats import read_subtitles, vtt_text

    try:
        text = vtt_text(read_subtitles(path))
    except MachmalError:
        return None
    return "data:text/vtt;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def _link_or_copy(src: Path, dest: Path) -> None:
    """Hard-link ``src`` (no extra space; exports are replaced by rename, never rewritten),
    else copy it."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
