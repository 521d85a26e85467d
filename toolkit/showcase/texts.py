"""The showcase page's texts (German and English) and its date and time formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import datetime, tzinfo

from toolkit.messages import register, t

register({
    "showcase.ui.default_title": ("Ausbildung in der Region", "Apprenticeships in the region"),
    "showcase.ui.tagline": ("Videos von Azubis aus Betrieben der Region – und die offenen "
                            "Ausbildungsplätze dazu.",
                            "Videos by apprentices from the region's companies – and the open "
                            "apprenticeship places."),
    "showcase.ui.skip": ("Zum Inhalt springen", "Skip to content"),
    "showcase.ui.language": ("English", "Deutsch"),
    "showcase.ui.language_label": ("Sprache", "Language"),
    "showcase.ui.featured": ("Im Rampenlicht", "Featured"),
    "showcase.ui.more": ("Mehr erfahren", "Find out more"),
    "showcase.ui.apply": ("Jetzt bewerben", "Apply now"),
    "showcase.ui.by_trade": ("Nach Beruf", "By trade"),
    "showcase.ui.by_company": ("Nach Betrieb", "By company"),
    "showcase.ui.other_trade": ("Weitere Berufe", "Other trades"),
    "showcase.ui.card_label": ("{title} – {company}, {trade}", "{title} – {company}, {trade}"),
    "showcase.ui.poster_alt": ("Titelbild des Videos „{title}“ von {company}",
                               "Cover of the video '{title}' by {company}"),
    "showcase.ui.video_label": ("Video „{title}“ von {company}", "Video '{title}' by {company}"),
    "showcase.ui.captions": ("Deutsche Untertitel", "German captions"),
    "showcase.ui.no_video": ("Dein Browser kann dieses Video nicht abspielen.",
                             "Your browser cannot play this video."),
    "showcase.ui.company": ("Betrieb", "Company"),
    "showcase.ui.trade": ("Beruf", "Trade"),
    "showcase.ui.position": ("Offener Ausbildungsplatz", "Open apprenticeship place"),
    "showcase.ui.location": ("Ort", "Location"),
    "showcase.ui.start": ("Beginn", "Start"),
    "showcase.ui.back": ("Zurück zur Übersicht", "Back to the overview"),
    "showcase.ui.programme": ("Messeprogramm", "Fair programme"),
    "showcase.ui.programme_hint": ("Alle Zeiten in deutscher Zeit ({zone}).",
                                   "All times in German time ({zone})."),
    "showcase.ui.live": ("Jetzt live", "Live now"),
    "showcase.ui.next": ("Als Nächstes", "Up next"),
    "showcase.ui.to_stream": ("Zum Stream", "Watch the stream"),
    "showcase.ui.to_video": ("Video ansehen", "Watch the video"),
    "showcase.ui.footer": ("Erstellt mit machmal. Diese Seite lädt nichts von anderen Servern.",
                           "Made with machmal. This page loads nothing from other servers."),
    "showcase.ui.rows_label": ("Videos", "Videos"),
})

_WEEKDAYS = {"de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
             "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def translator(lang: str) -> Callable[..., str]:
    """A ``tx(key, **params)`` function for the templates, fixed to ``lang``."""
    return lambda key, **params: t(key, lang, **params)


def format_date(day: dt.date, lang: str) -> str:
    """``01.08.2026`` in German, ``1 Aug 2026`` in English."""
    if lang == "de":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_slot(start: datetime, end: datetime, zone: tzinfo, lang: str) -> str:
    """A slot's day and times in ``zone``: ``Do 12.03., 09:00–09:30`` / ``Thu 12 Mar, …``."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    weekday = _WEEKDAYS[lang][a.weekday()]
    day = f"{a:%d.%m.}" if lang == "de" else f"{a.day} {_MONTHS_EN[a.month - 1]}"
    until = f"{b:%H:%M}" if b.date() == a.date() else f"{format_date(b.date(), lang)} {b:%H:%M}"
    return f"{weekday} {day}, {a:%H:%M}–{until}"
