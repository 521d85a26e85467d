"""Checklists and tips: the general pre-shoot checklist and what to check per shot.

The general list is what a social-media coach asks before every shoot; a template can add its
own items (``checklist:`` at the top of the YAML), and every shot can add its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.storyboard import Shot, Template, Text

TIP_TOPICS: dict[str, tuple[str, str]] = {
    "light": ("Licht", "Light"),
    "sound": ("Ton", "Sound"),
    "framing": ("Bild", "Framing"),
    "acting": ("Auftritt", "Acting"),
    "general": ("Tipp", "Tip"),
}


@dataclass(frozen=True)
class ChecklistItem:
    """One tick box.

    Attributes:
        group: Heading the item belongs to (bilingual).
        text: The item (bilingual).
    """

    group: Text
    text: Text


def _t(de: str, en: str) -> Text:
    return Text(de=de, en=en)


_TECH = _t("Technik", "Equipment")
_LIGHT_SOUND = _t("Licht & Ton", "Light & sound")
_RIGHTS = _t("Rechte", "Rights")
_PLAN = _t("Plan", "Plan")

PRE_SHOOT: tuple[ChecklistItem, ...] = (
    ChecklistItem(_TECH, _t("Akku voll geladen, Powerbank und Kabel dabei",
                            "Battery fully charged, power bank and cable packed")),
    ChecklistItem(_TECH, _t("Mindestens 10 GB Speicher frei",
                            "At least 10 GB of storage free")),
    ChecklistItem(_TECH, _t("Flugmodus an – kein Anruf mitten im Take",
                            "Flight mode on – no call in the middle of a take")),
    ChecklistItem(_TECH, _t("Hochformat: Handy hochkant, Bildschirmdrehung gesperrt",
                            "Portrait: phone upright, screen rotation locked")),
    ChecklistItem(_TECH, _t("Linse geputzt (Hosentaschen-Fett macht alles milchig)",
                            "Lens cleaned (pocket grease makes everything milky)")),
    ChecklistItem(_TECH, _t("Kamera-App: 1080p oder 4K, 30 fps – für alle Takes gleich",
                            "Camera app: 1080p or 4K, 30 fps – the same for every take")),
    ChecklistItem(_LIGHT_SOUND, _t("Licht von vorn: Fenster oder Lampe vor der Person, "
                                   "nie im Rücken",
                                   "Light from the front: window or lamp in front of the "
                                   "person, never behind")),
    ChecklistItem(_LIGHT_SOUND, _t("Ansteckmikrofon getestet – oder ruhiger Raum, Maschinen "
                                   "und Radio aus",
                                   "Clip-on microphone tested – or a quiet room, machines and "
                                   "radio off")),
    ChecklistItem(_LIGHT_SOUND, _t("Probeaufnahme mit Kopfhörern angehört",
                                   "Test recording checked with headphones")),
    ChecklistItem(_RIGHTS, _t("Einwilligungen aller Personen im Bild unterschrieben "
                              "(bei Minderjährigen auch die Eltern)",
                              "Consent forms signed by everyone on camera (for minors also "
                              "by the parents)")),
    ChecklistItem(_RIGHTS, _t("Musikrechte geklärt: Musik aus der Plattform-Bibliothek oder "
                              "mit Lizenz",
                              "Music rights cleared: music from the platform library or "
                              "licensed")),
    ChecklistItem(_RIGHTS, _t("Keine Kundendaten, Kennzeichen oder Betriebsgeheimnisse im Bild",
                              "No customer data, number plates or trade secrets in shot")),
    ChecklistItem(_PLAN, _t("Shotliste ausgedruckt, Rollen und Texte verteilt",
                            "Shot list printed, roles and lines handed out")),
)


def pre_shoot_checklist(template: Template | None = None) -> list[ChecklistItem]:
    """The general pre-shoot checklist plus the template's own items (group "Plan")."""
    extra = [ChecklistItem(_PLAN, item) for item in (template.checklist if template else [])]
    return [*PRE_SHOOT, *extra]


def shot_checklist(shot: Shot) -> list[Text]:
    """Tick boxes for one shot: the shot's own items, then the ones every shot needs."""
    items = list(shot.checklist)
    if shot.orientation == "portrait":
        items.append(_t("Hochkant gefilmt", "Filmed upright"))
    if shot.lines:
        items.append(_t("Text gut verständlich (Probe angehört)",
                        "Lines clearly audible (checked)"))
    items.append(_t("Mind. 2 gute Takes, vorn und hinten 2 s Luft",
                    "At least 2 good takes, 2 s of slack before and after"))
    return items


def tip_topic(topic: str, lang: str | None = None) -> str:
    """Label of a tip topic in ``lang``."""
    de, en = TIP_TOPICS.get(topic, (topic, topic))
    return Text(de=de, en=en).get(lang)
