"""A render job's key covers every file it reads: a changed transcript, glossary, music or brand
file renders anew; an unchanged project returns the finished job."""

from __future__ import annotations

from pathlib import Path

from render_fixtures import make_clip, new_project
from toolkit import jobs
from toolkit.takes.take_captions import save_take_transcript
from toolkit.captions.transcript import Transcript, Word
from toolkit.jobs.keys import job_key
from toolkit.project import add_take, open_project
from toolkit.project.uploads import save_music


def _say(project, take_id: str, *words: str) -> None:  # noqa: ANN001
    """The user's reviewed words of a take (as the Subtitles page saves them)."""
    spaced = [Word(w, 0.2 + 0.5 * i, 0.6 + 0.5 * i) for i, w in enumerate(words)]
    save_take_transcript(project, take_id, Transcript(words=tuple(spaced), duration=2.0))


def _srt(record: jobs.JobRecord) -> str:
    subtitles = record.result["subtitles"]["reels"]
    return Path(next(s for s in subtitles if s.endswith(".srt"))).read_text(encoding="utf-8")


def test_a_changed_transcript_renders_anew_an_unchanged_project_does_not(workers, job_env,
                                                                        tmp_path):
    project = new_project(job_env)
    hook = add_take(project, "hook", make_clip(tmp_path / "gruen.mp4", 1.5, "green", freq=660))
    add_take(project, "runde-1", make_clip(tmp_path / "blau.mp4", 2.0, "blue", freq=880))
    _say(project, hook.id, "Brezeln", "heute")
    workers.start()
    params = {"project": "Mini Duell", "platforms": ["reels"],
              "options": {"scale": 0.25, "captions": "classic"}}
    first = jobs.wait_job(jobs.submit("render", params).id, timeout=300)
    assert first.state == jobs.DONE, first.error_message("en")
    assert "Brezeln" in _srt(first)
    assert jobs.submit("render", params).id == first.id  # unchanged: the finished job
    _say(project, hook.id, "Semmeln", "heute")
    second = jobs.wait_job(jobs.submit("render", params).id, timeout=300)
    assert second.id != first.id and second.state == jobs.DONE, second.error_message("en")
    srt = _srt(second)
    assert "Semmeln" in srt and "Brezeln" not in srt
    assert jobs.submit("render", params).id == second.id


def test_every_input_file_of_a_project_is_in_the_key(job_env, tmp_path):
    project = new_project(job_env)
    take = add_take(project, "hook", make_clip(tmp_path / "gruen.mp4", 1.0, "green"))
    params = {"project": "Mini Duell", "platforms": ["reels"], "options": {"captions": "classic"}}
    seen = {job_key("render", params, job_env)}

    def changed() -> bool:
        key = job_key("render", params, job_env)
        new = key not in seen
        seen.add(key)
        return new

    assert not changed()  # the same files: the same key
    (project.folder / "glossary.txt").write_text("Brezel\n", encoding="utf-8")
    assert changed()
    music = save_music(project, "bett.m4a", make_clip(tmp_path / "m.mp4", 1.0, "black")
                       .read_bytes())
    assert changed()
    music.write_bytes(music.read_bytes() + b"\0")  # same name, other content
    assert changed()
    (project.folder / "brand").mkdir(exist_ok=True)
    (project.folder / "brand" / "logo.png").write_bytes(b"\x89PNG one")
    assert changed()
    (project.folder / "brand" / "logo.png").write_bytes(b"\x89PNG two")
    assert changed()
    path = project.folder / "media" / open_project("Mini Duell", job_env).shots["hook"] \
        .takes[0].file
    path.write_bytes(path.read_bytes()[:-10])  # the take's content
    assert changed()
    _say(project, take.id, "Hallo")
    assert changed()
    (project.folder / "work" / "timeline.json").write_text("{}", encoding="utf-8")
    (project.folder / "exports").mkdir(exist_ok=True)
    (project.folder / "exports" / "reels.mp4").write_bytes(b"out")
    assert not changed()  # derived files and outputs are no inputs
    assert job_key("render", {**params, "options": {"captions": "bold"}}, job_env) not in seen


def test_saving_the_same_project_or_a_page_choice_keeps_the_key(job_env, tmp_path):
    from toolkit.project import update_project

    new_project(job_env)
    params = {"project": "Mini Duell", "platforms": ["reels"]}
    key = job_key("render", params, job_env)
    update_project("Mini Duell", lambda p: setattr(p.studio, "platforms", ["youtube"]),
                   workspace=job_env)
    update_project("Mini Duell", lambda p: setattr(p, "company", "Anders"), workspace=job_env)
    assert job_key("render", params, job_env) != key
    update_project("Mini Duell", lambda p: setattr(p, "company", "Bäckerei Müller"),
                   workspace=job_env)
    assert job_key("render", params, job_env) == key, "same content again: the same key"
