"""A saved clip plan renders exactly as saved, with nothing handed in beside it, after the
folder it names was moved: its paths are relative to the plan file (``machmal export
--save-plan`` -> ``machmal render --plan``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.edit.clip_plan import plan_clip
from toolkit.edit.plan import PLAN_VERSION, RenderOptions, load_plan, save_plan
from toolkit.errors import UserInputError
from toolkit.media.probe import probe
from toolkit.products.reformat import reformat_preset

pytestmark = pytest.mark.slow


def _tree(root: Path, clip: Path) -> Path:
    """``root/media/take.mp4`` (a copy of ``clip``) and ``root/plans/``."""
    (root / "media").mkdir(parents=True)
    (root / "plans").mkdir()
    shutil.copyfile(clip, root / "media" / "take.mp4")
    return root / "media" / "take.mp4"


def test_a_saved_clip_plan_renders_after_its_folder_moved(lavfi_clip, tmp_path, capsys):
    src = _tree(tmp_path / "job", lavfi_clip(seconds=2.0, size="320x240"))
    preset = reformat_preset("9:16", 180, "small")
    plan = plan_clip(src, [preset], tmp_path / "job" / "out",
                     RenderOptions(mode="bars", loudness=None, pad_color="white"), start=0.5)
    file = save_plan(plan, tmp_path / "job" / "plans" / "clip.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["version"] == PLAN_VERSION
    assert (data["folder"], data["out_dir"]) == ("../media", "../out")  # nothing absolute
    assert data["timeline"]["clips"][0]["sources"][0]["file"] == "take.mp4"

    moved = tmp_path / "elsewhere" / "job"
    moved.parent.mkdir()
    (tmp_path / "job").rename(moved)
    assert load_plan(moved / "plans" / "clip.json").output_dir() == moved / "out"
    assert main(["--lang", "en", "render", "--plan", str(moved / "plans" / "clip.json"),
                 "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert sorted(p.name for p in (moved / "out").iterdir()) == [
        "small.jpg", "small.json", "small.mp4"]
    assert not (tmp_path / "job").exists()  # nothing went to the old place
    video = probe(moved / "out" / "small.mp4")
    assert (video.video.width, video.video.height) == (180, 320)
    assert video.duration == pytest.approx(1.5, abs=0.1)  # the section as saved
    assert report["options"]["fit"] == "bars" and report["source"]["trim_start"] == 0.5


def test_export_save_plan_writes_a_plan_render_plan_reads(lavfi_clip, tmp_path, capsys):
    src = _tree(tmp_path / "job", lavfi_clip(seconds=4.0, size="320x240"))
    plan_file = tmp_path / "job" / "plans" / "reels.json"
    assert main(["--lang", "en", "export", str(src), "-p", "reels,tiktok", "-o",
                 str(tmp_path / "job" / "out"), "--fit", "center", "--end", "3.5",
                 "--save-plan", str(plan_file)]) == 0
    assert str(plan_file) in capsys.readouterr().out
    assert not (tmp_path / "job" / "out").exists()  # planned, nothing rendered
    plan = load_plan(plan_file)
    assert [o.platforms for o in plan.outputs] == [["reels", "tiktok"]]
    assert plan.render_options().mode == "center" and plan.source["trim_end"] == 3.5
    assert Path(plan.folder) == src.parent and plan.output_dir() == tmp_path / "job" / "out"
    # a hand-made file beside the plan cannot be in it: refused, not silently dropped
    assert main(["--lang", "en", "export", str(src), "-p", "reels", "-o", str(tmp_path),
                 "--ass", str(src), "--save-plan", str(plan_file)]) == 2
    assert "--save-plan" in capsys.readouterr().err


def test_an_old_plan_with_an_absolute_folder_still_reads(lavfi_clip, tmp_path):
    src = _tree(tmp_path / "job", lavfi_clip(seconds=2.0, size="320x240"))
    plan = plan_clip(src, ["youtube"], tmp_path / "out", RenderOptions(mode="center"))
    old = json.loads(plan.model_dump_json())
    del old["version"]  # format 1: no version, the folder absolute
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    read = load_plan(tmp_path / "old.json")
    assert (read.version, Path(read.folder)) == (PLAN_VERSION, src.parent)
    assert read.output_dir() == tmp_path / "out"
    newer = {**old, "version": PLAN_VERSION + 1}
    (tmp_path / "new.json").write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(UserInputError) as refused:
        load_plan(tmp_path / "new.json")
    assert refused.value.key == "render.plan_too_new"
