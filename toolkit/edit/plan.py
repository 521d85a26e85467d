"""The render plan: a project's timeline plus what each platform gets, as plain data.

:func:`plan_render` does everything that needs no pixels: it builds the timeline
(:mod:`toolkit.edit.from_project`: each take cut to about its shot's planned length), compares
planned and actual lengths (:mod:`toolkit.edit.lengths`: a video more than 25 % over the
template's length is named in the warnings), checks the publication consent, the platforms'
length limits and the music file, and groups the platforms by geometry: platforms whose frame, rate and encoder
settings are identical (Reels, TikTok, Shorts) share ONE encode, copied to each platform's name,
with graphics kept inside the union of their safe zones. ``machmal render --plan-only`` prints
this plan; :func:`toolkit.edit.run.render_project` renders it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from toolkit.edit.from_project import EditOptions, build_timeline
from toolkit.edit.lengths import LengthPlan, length_plan, length_warnings
from toolkit.edit.timeline import Timeline
from toolkit.errors import UserInputError
from toolkit.framing import Delivery
from toolkit.platforms import Preset, SafeZone, check_durations, preset_rate
from toolkit.messages import register
from toolkit.project.music import check_music

register({
    "render.bad_plan": (
        "{file}: Das ist kein lesbarer Render-Plan ({detail}). Bitte die Ausgabe von "
        "„machmal render … --plan-only“ verwenden.",
        "{file}: this is not a readable render plan ({detail}). Please use the output of "
        "'machmal render … --plan-only'.",
    ),
    "render.plan_too_new": (
        "{file}: Der Render-Plan hat Format {found}; diese machmal-Version kennt bis {known}. "
        "Bitte machmal aktualisieren.",
        "{file}: the render plan has format {found}; this machmal knows up to {known}. "
        "Please update machmal.",
    ),
    "render.bad_scale": (
        "Skalierung {scale} ist ungültig: bitte eine Zahl über 0 und höchstens 1.",
        "Scale {scale} is invalid: please give a number above 0 and at most 1.",
    ),
})


PLAN_VERSION = 3
"""Format of a saved plan. 1: ``folder`` absolute; 2: ``folder`` relative to the plan file's
folder when written by :func:`save_plan` (an absolute folder still reads as before); 3: the
captions' :attr:`RenderPlan.glossary` (older plans read as before: their ``names`` are the
terms)."""


@dataclass(frozen=True)
class RenderOptions(EditOptions):
    """How to render (the edit choices of :class:`EditOptions` plus these).

    Attributes:
        loudness: Target (``"social"`` = -14 LUFS, ``"broadcast"``, a LUFS number) or None.
        scale: Output size as a share of each platform's size (1: full size; tests and
            previews use less).
        override_by: Who publishes although someone visible has not consented.
        override_reason: Why (recorded in the project and shown in the check report).
        mode: Fit mode of full-frame takes (:data:`toolkit.framing.FITS`; smart: keep the
            faces in view).
        speed: Smart framing: how fast the window follows (:data:`toolkit.framing.SPEEDS`).
        layout: Smart framing of full-frame takes (:data:`toolkit.framing.LAYOUTS`).
        cover_at: Cover frame at this second of the finished video (None: chosen, see
            :mod:`toolkit.edit.cover`).
        pad_color: Colour of the bars of the ``bars`` fit (an ffmpeg colour).
        threads: x264 threads per encode (None: x264 decides; 1 keeps a job on one core).

    The one options type of every delivered video: a project's render and a single clip's
    export (:func:`toolkit.edit.clip_plan.plan_clip`; the edit choices of a project then do
    not apply) alike. Every check report records them (:meth:`delivery`).
    """

    loudness: str | float | None = "social"
    scale: float = 1.0
    override_by: str | None = None
    override_reason: str | None = None
    mode: str = "smart"
    speed: str = "default"
    layout: str = "auto"
    cover_at: float | None = None
    pad_color: str = "black"
    threads: int | None = None

    def delivery(self) -> Delivery:
        """The choices as the one :class:`~toolkit.framing.Delivery` every report records."""
        return Delivery(fit=self.mode, speed=self.speed, layout=self.layout,
                        loudness=self.loudness, captions=self.captions, language=self.language)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlannedOutput(_Model):
    """One encode and the platform files it becomes.

    Attributes:
        platforms: Preset ids sharing this encode (the first names the encoded file).
        width: Frame width.
        height: Frame height.
        fps: Frame rate as a fraction string.
        safe_zone: Union of the platforms' covered bands (top, bottom, left, right) in pixels.
        file: Name of the first platform's video in the output folder (None:
            ``<platform>.mp4``; ``reformat`` writes the name the user gave, its cover and
            report named after it).
    """

    platforms: list[str]
    width: int
    height: int
    fps: str
    safe_zone: dict[str, int]
    file: str | None = None

    def video_name(self, platform: str) -> str:
        """File name of ``platform``'s video."""
        return self.file if self.file and platform == self.platforms[0] else f"{platform}.mp4"

    @property
    def rate(self) -> Fraction:
        """:attr:`fps` as a fraction."""
        return Fraction(self.fps)

    def zone(self) -> SafeZone:
        """The safe zone as a :class:`SafeZone`."""
        return SafeZone(**self.safe_zone)


class PlanGlossary(_Model):
    """The glossary the plan's captions are corrected with, carried in the plan so that a saved
    plan captions exactly as planned (:class:`~toolkit.captions.glossary.Glossary` as data).

    Attributes:
        hotwords: Terms a near-miss of recognition is spelled as.
        names: Names never split across caption lines.
        replacements: ``(wrong, right)`` pairs applied after recognition, in order.
    """

    hotwords: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    replacements: list[tuple[str, str]] = Field(default_factory=list)

    @classmethod
    def of(cls, glossary: Any) -> PlanGlossary:
        """The data of a :class:`~toolkit.captions.glossary.Glossary`."""
        return cls(hotwords=list(glossary.hotwords), names=list(glossary.names),
                   replacements=[tuple(pair) for pair in glossary.replacements])

    def glossary(self) -> Any:
        """As a :class:`~toolkit.captions.glossary.Glossary`."""
        from toolkit.captions.glossary import Glossary

        return Glossary(hotwords=tuple(self.hotwords), names=tuple(self.names),
                        replacements=tuple((a, b) for a, b in self.replacements))


class RenderPlan(_Model):
    """Everything decided before rendering (JSON via ``model_dump_json``).

    Attributes:
        version: Format of the saved plan (:data:`PLAN_VERSION`).
        project: Display name of the project.
        folder: The project folder (a clip's: its source's folder). In memory absolute; in a
            file written by :func:`save_plan` relative to that file's folder, so a folder moved
            with its plan still renders (:func:`load_plan` makes it absolute again).
        out_dir: Where the files go, relative to :attr:`folder` (``exports``; a saved plan:
            also ``../out``), or absolute; see :meth:`output_dir`.
        timeline: The assembled video.
        outputs: The encodes.
        scale: Share of the platforms' full size.
        names: The project's own terms (:func:`toolkit.captions.project_terms.project_terms`:
            people, company, trade, placeholders). Plans saved before :attr:`glossary`
            existed correct their captions with these alone.
        glossary: Everything the captions are corrected with: the project's terms and its
            ``glossary.txt`` (a clip's: the ``--glossary`` file), replacements included.
        consent: Who is visible, and overrides that allow publishing (shown in reports).
        warnings: Things the user should know (e.g. a scoreboard without a verdict, a video
            more than 25 % over the template's length with the shots that make it long).
        lengths: Planned vs actual seconds per shot and in total.
        options: The :class:`RenderOptions` it was planned with (the render reads its choices
            from here, so a saved plan renders exactly as saved).
        presets: The (scaled) presets of the platforms as planned
            (:meth:`~toolkit.platforms.Preset.to_dict`).
        source: For a single clip's plan (:func:`toolkit.edit.clip_plan.plan_clip`): the facts
            of its source file (path, length, section, geometry) for the check report; None
            for a project's plan.
        video_only: Write the videos only: no cover, no check report (kept for plans saved
            by older versions, whose ``reformat`` was a bare file; every delivery of this
            version, ``reformat`` too, has its cover and check report).
        debug_file: Smart fit of a clip: also write this file (in the output folder), the
            whole source picture with detections, shot cuts and the window drawn in.
    """

    version: int = PLAN_VERSION
    project: str
    folder: str
    out_dir: str
    timeline: Timeline
    outputs: list[PlannedOutput]
    scale: float = 1.0
    names: list[str] = Field(default_factory=list)
    glossary: PlanGlossary | None = None
    consent: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    lengths: LengthPlan | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    presets: list[dict[str, Any]] = Field(default_factory=list)
    source: dict[str, Any] | None = None
    video_only: bool = False
    debug_file: str | None = None

    def output_dir(self) -> Path:
        """:attr:`out_dir` as an absolute path."""
        return resolve_file(Path(self.folder), self.out_dir)

    def caption_glossary(self) -> Any:
        """The :class:`~toolkit.captions.glossary.Glossary` of the captions: :attr:`glossary`,
        else (an older plan) :attr:`names` as terms."""
        from toolkit.captions.glossary import Glossary

        if self.glossary is not None:
            return self.glossary.glossary()
        return Glossary(hotwords=tuple(n for n in self.names if n))

    def render_options(self) -> RenderOptions:
        """The :class:`RenderOptions` the plan was made with."""
        data = dict(self.options)
        if "skip" in data:
            data["skip"] = tuple(data["skip"])
        return RenderOptions(**data)

    def platform_presets(self) -> dict[str, Preset]:
        """Platform id -> its preset as planned (older plans: the registry's, scaled)."""
        if self.presets:
            return {p["id"]: Preset.from_dict(p) for p in self.presets}
        ids = [p for o in self.outputs for p in o.platforms]
        return {p.id: p for p in scaled_presets(ids, self.scale)}


def save_plan(plan: RenderPlan, file: str | os.PathLike[str]) -> Path:
    """Write ``plan`` to ``file`` (atomically) so that it renders wherever it is moved with
    what it names: its folder is kept relative to the file's folder, its output folder
    relative to its folder, its timeline's files are relative to its folder already.

    Returns:
        The file written.
    """
    from toolkit.atomic import atomic_write_text

    target = Path(file).expanduser()
    folder = Path(plan.folder)
    saved = plan.model_copy(update={
        "version": PLAN_VERSION, "folder": _relative(folder, target.absolute().parent),
        "out_dir": _relative(plan.output_dir(), folder)})
    atomic_write_text(target, saved.model_dump_json(indent=2))
    return target


def _relative(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` (``..`` where needed, POSIX separators); absolute when
    there is no relative way (another drive)."""
    try:
        return Path(os.path.relpath(path.absolute(), base.absolute())).as_posix()
    except ValueError:
        return str(path.absolute())


def load_plan(file: str | os.PathLike[str]) -> RenderPlan:
    """Read a saved :class:`RenderPlan` (:func:`save_plan`'s file, or ``machmal render
    --plan-only`` output).

    A relative folder (format 2, :func:`save_plan`) is taken from the file's own folder, so a
    folder moved with its plan renders as saved. An absolute one (format 1, ``--plan-only``):
    when the file lies inside a project folder (one holding ``project.yaml``), that folder is
    used, so the plan renders on any machine that sees the project.

    Raises:
        UserInputError: ``render.bad_plan`` when the file is not a readable plan;
            ``render.plan_too_new`` for a format this version does not know.
    """
    from pydantic import ValidationError

    path = Path(file).expanduser().absolute()
    try:
        data = json.loads(path.read_bytes())
        found = data.get("version", 1) if isinstance(data, dict) else 1
        if isinstance(found, int) and found > PLAN_VERSION:
            raise UserInputError("render.plan_too_new", file=str(file), found=found,
                                 known=PLAN_VERSION)
        plan = RenderPlan.model_validate({**data, "version": PLAN_VERSION})  # 1, 2 -> 3: as is
    except (OSError, ValidationError, ValueError, TypeError) as exc:
        raise UserInputError("render.bad_plan", file=str(file),
                             detail=str(exc).splitlines()[0]) from None
    folder = Path(plan.folder).expanduser()
    if not folder.is_absolute():
        folder = Path(os.path.normpath(path.parent / folder))
    else:
        folder = next((p for p in path.resolve().parents if (p / "project.yaml").is_file()),
                      folder)
    out = Path(os.path.normpath(resolve_file(folder, plan.out_dir)))
    return plan.model_copy(update={"folder": str(folder),
                                   "out_dir": relative_out_dir(out, folder)})


def scaled_presets(platforms: Sequence[str | Preset] | str, scale: float) -> list[Preset]:
    """The presets asked for, scaled to ``scale`` of their size.

    Raises:
        UserInputError: Unknown platform or bad scale.
    """
    from toolkit.platforms import resolve_presets

    if not 0 < scale <= 1:
        raise UserInputError("render.bad_scale", scale=scale)
    presets = resolve_presets(platforms)
    if scale == 1:
        return presets
    return [p.scaled(max(16, int(round(p.width * scale / 2)) * 2)) for p in presets]


def group_outputs(presets: Sequence[Preset], rate: Fraction) -> list[PlannedOutput]:
    """Platforms with identical frame, rate and encoder settings share one encode."""
    groups: dict[tuple[Any, ...], list[Preset]] = {}
    for p in presets:
        key = (p.width, p.height, preset_rate(p, rate), p.video, p.audio)
        groups.setdefault(key, []).append(p)
    out = []
    for (w, h, fps, _v, _a), members in groups.items():
        zones = [asdict(m.safe_zone) for m in members]
        union = {side: max(z[side] for z in zones) for side in zones[0]}
        out.append(PlannedOutput(platforms=[m.id for m in members], width=w, height=h,
                                 fps=str(fps), safe_zone=union))
    return out


def options_data(options: RenderOptions) -> dict[str, Any]:
    """``options`` as the JSON data a plan keeps."""
    return json.loads(json.dumps(asdict(options)))


def relative_out_dir(out_dir: Path, folder: Path) -> str:
    """The output folder as a plan keeps it: relative to ``folder`` when inside it."""
    target, base = out_dir.resolve(), folder.resolve()
    return str(target.relative_to(base) if target.is_relative_to(base) else target)


def resolve_file(folder: Path, name: str) -> Path:
    """A timeline path (relative to the project folder, or absolute) as an absolute path."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else folder / path


def plan_render(project_ref: str, platforms: Sequence[str | Preset] | str, *,
                options: RenderOptions = RenderOptions(),
                workspace: str | os.PathLike[str] | None = None,
                out_dir: str | os.PathLike[str] | None = None) -> RenderPlan:
    """Plan the render of a project for several platforms (no pixels are touched).

    Args:
        project_ref: Project name (or folder name) in the workspace.
        platforms: Preset ids (``"reels,ig-feed-4x5,youtube"`` or a list) or presets.
        options: See :class:`RenderOptions`.
        workspace: Workspace folder (default: see :func:`toolkit.project.workspace_dir`).
        out_dir: Output folder (default: ``<project folder>/exports``).

    Returns:
        The :class:`RenderPlan`.

    Raises:
        ProjectError: Unknown project, shot or take; a required shot without a take.
        UserInputError: Unfilled placeholder, unknown platform, unreadable music file or
            ``glossary.txt``.
        ConsentError: Someone visible has not consented and no override is recorded.
        PresetViolation: The video is too long or short for a platform.
    """
    from toolkit.edit.consent import check_consent
    from toolkit.captions.project_terms import project_terms
    from toolkit.project import open_project, project_template
    from toolkit.takes.take_captions import project_glossary

    project = open_project(project_ref, workspace)
    template = project_template(project)
    presets = scaled_presets(platforms, options.scale)
    warnings: list[str] = []
    timeline = build_timeline(project, template, options, warnings)
    lengths = length_plan(timeline, template)
    warnings += length_warnings(lengths)
    music = timeline.music()
    check_music(project.folder, music.file if music else None)
    check_durations(Path(project.name), presets, timeline.duration)
    consent = check_consent(project, timeline, options.override_by, options.override_reason)
    target = Path(out_dir) if out_dir is not None else project.folder / "exports"
    return RenderPlan(project=project.name, folder=str(project.folder),
                      out_dir=relative_out_dir(target, project.folder),
                      options=options_data(options), presets=[p.to_dict() for p in presets],
                      timeline=timeline, outputs=group_outputs(presets, timeline.rate),
                      scale=options.scale, consent=consent, warnings=warnings,
                      names=project_terms(project), lengths=lengths,
                      glossary=PlanGlossary.of(project_glossary(project)))
