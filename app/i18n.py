"""UI texts of the app in German (default) and English."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "title": ("machmal – Azubi-Videos leicht gemacht", "machmal – recruiting videos made easy"),
    "intro": (
        "Von der Idee zum fertigen Clip für Reels, TikTok und Shorts:",
        "From idea to finished clips for Reels, TikTok and Shorts:",
    ),
    "step_plan": ("**Planen** – Storyboard-Vorlagen mit Tipps zu jeder Einstellung",
                  "**Plan** – storyboard templates with coaching at every shot"),
    "step_shoot": ("**Drehen & hochladen** – Handyclips den Einstellungen zuordnen",
                   "**Shoot & upload** – attach phone clips to the shots"),
    "step_process": ("**Bearbeiten** – schneiden, untertiteln, Hochformat, Lautstärke",
                     "**Process** – trim, subtitle, vertical format, loudness"),
    "step_export": ("**Exportieren** – für jede Plattform auf einmal",
                    "**Export** – for every platform in one go"),
    "try_it": ("Ausprobieren: Was steckt in meinem Clip?", "Try it: what is in my clip?"),
    "upload": ("Video oder Audio hochladen", "Upload a video or audio file"),
    "or_sample": ("… oder einen Beispielclip wählen", "… or pick a sample clip"),
    "duration": ("Dauer", "Duration"),
    "size": ("Bildgröße", "Picture size"),
    "rotation": ("Drehung", "Rotation"),
    "vfr": ("Variable Bildrate", "Variable frame rate"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
}


def ui_text(key: str, lang: str) -> str:
    """Return the UI text ``key`` in ``lang`` (``de`` or ``en``)."""
    de, en = UI[key]
    return en if lang == "en" else de
