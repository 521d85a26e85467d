"""Bulk upload: the order clips are proposed for the shots still without a take."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from toolkit.media.probe import recording_time
from toolkit.project.bulk import Clip, Slot, clip_order, natural_key, next_missing, propose

T0 = datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)
SHOTS = [Slot("hook"), Slot("regeln"), Slot("countdown"), Slot("urteil"), Slot("cta")]


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _assigned(proposals) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [(p.clip.name, p.shot_id) for p in proposals]


def test_recording_time_decides_over_the_file_name():
    clips = [Clip("IMG_0003.MOV", _at(2)), Clip("IMG_0001.MOV", _at(9)),
             Clip("IMG_0002.MOV", _at(0))]
    assert _assigned(propose(clips, SHOTS)) == [
        ("IMG_0002.MOV", "hook"), ("IMG_0003.MOV", "regeln"), ("IMG_0001.MOV", "countdown")]


def test_without_times_the_names_sort_naturally():
    clips = [Clip("clip10.mp4"), Clip("clip2.mp4"), Clip("Clip1.mp4"), Clip("clip2b.mp4")]
    assert [p.clip.name for p in propose(clips, SHOTS)] == [
        "Clip1.mp4", "clip2.mp4", "clip2b.mp4", "clip10.mp4"]
    assert natural_key("a9") < natural_key("a10") < natural_key("b1")


def test_mixed_timed_clips_first_then_the_others_by_name():
    clips = [Clip("webcam_2.mkv"), Clip("handy_b.mov", _at(5)), Clip("webcam_10.mkv"),
             Clip("handy_a.mov", _at(1))]
    assert _assigned(propose(clips, SHOTS)) == [
        ("handy_a.mov", "hook"), ("handy_b.mov", "regeln"), ("webcam_2.mkv", "countdown"),
        ("webcam_10.mkv", "urteil")]


def test_same_time_falls_back_to_the_name():
    clips = [Clip("b.mp4", _at(0)), Clip("a.mp4", _at(0))]
    assert [p.clip.name for p in propose(clips, SHOTS)] == ["a.mp4", "b.mp4"]


def test_more_clips_than_open_shots_keeps_the_extras_unassigned():
    slots = [Slot("hook", has_take=True), Slot("regeln"), Slot("cta")]
    clips = [Clip(f"c{n}.mp4", _at(n)) for n in range(4)]
    proposals = propose(clips, slots)
    assert _assigned(proposals) == [("c0.mp4", "regeln"), ("c1.mp4", "cta"),
                                    ("c2.mp4", None), ("c3.mp4", None)]
    assert [p.reason for p in proposals] == [None, None, "no_shot", "no_shot"]
    assert sorted(p.index for p in proposals) == [0, 1, 2, 3], "no clip is lost"


def test_shots_with_a_take_are_skipped_and_indexes_point_into_the_input():
    slots = [Slot("hook"), Slot("regeln", has_take=True), Slot("cta")]
    clips = [Clip("zwei.mp4", _at(3)), Clip("eins.mp4", _at(1))]
    proposals = propose(clips, slots)
    assert _assigned(proposals) == [("eins.mp4", "hook"), ("zwei.mp4", "cta")]
    assert [clips[p.index] for p in proposals] == [p.clip for p in proposals]


def test_optional_shots_are_used_only_when_there_are_more_clips_than_required_shots():
    slots = [Slot("hook"), Slot("pannen", optional=True), Slot("cta")]
    two = [Clip("a.mp4"), Clip("b.mp4")]
    assert [p.shot_id for p in propose(two, slots)] == ["hook", "cta"]
    three = [*two, Clip("c.mp4")]
    assert [p.shot_id for p in propose(three, slots)] == ["hook", "pannen", "cta"]


def test_order_does_not_depend_on_the_order_given():
    clips = [Clip(f"IMG_{n:04d}.MOV", _at(n)) for n in range(8)] + [Clip("x3"), Clip("x20")]
    expected = _assigned(propose(clips, SHOTS * 2))
    shuffled = clips[:]
    random.Random(7).shuffle(shuffled)
    assert _assigned(propose(shuffled, SHOTS * 2)) == expected
    assert clip_order(shuffled) != list(range(len(shuffled)))


def test_next_missing_moves_on_and_wraps_round():
    slots = [Slot("hook", has_take=True), Slot("regeln"), Slot("countdown", has_take=True),
             Slot("pannen", optional=True), Slot("cta")]
    assert next_missing(slots, "hook") == "regeln"
    assert next_missing(slots, "regeln") == "cta", "required before optional"
    assert next_missing(slots, "cta") == "regeln", "wraps round"
    assert next_missing(slots) == "regeln"
    only_optional = [Slot("hook", has_take=True), Slot("pannen", optional=True)]
    assert next_missing(only_optional, "hook") == "pannen"
    assert next_missing([Slot("hook", has_take=True)], "hook") is None


@pytest.mark.parametrize("tags,expected", [
    ([{"com.apple.quicktime.creationdate": "2013-12-22T15:54:25-0500",
       "creation_time": "2013-12-22T20:54:41.000000Z"}],
     datetime(2013, 12, 22, 20, 54, 25, tzinfo=timezone.utc)),
    ([{"creation_time": "2024-05-01T10:00:00.000000Z"}],
     datetime(2024, 5, 1, 10, tzinfo=timezone.utc)),
    ([{}, {"creation_time": "2024-05-01T10:00:07.000000Z"}],
     datetime(2024, 5, 1, 10, 0, 7, tzinfo=timezone.utc)),
    ([{"DATE": "2022-07-01 08:15:00"}], datetime(2022, 7, 1, 8, 15, tzinfo=timezone.utc)),
    ([{"creation_time": "1970-01-01T00:00:00.000000Z"}], None),
    ([{"creation_time": "1904-01-01T00:00:00.000000Z"}], None),
    ([{"date": "2013"}, {"encoder": "Lavf"}], None),
])
def test_recording_time_from_tags(tags, expected):
    assert recording_time(*tags) == expected


def test_a_clip_already_in_the_project_or_chosen_twice_takes_no_shot():
    clips = [Clip("neu.mp4", _at(2), sha256="b"), Clip("alt.mp4", _at(1), sha256="a",
                                                      duplicate_of="hook-01"),
             Clip("neu (1).mp4", _at(3), sha256="b"), Clip("anders.mp4", _at(4), sha256="c")]
    proposals = propose(clips, SHOTS)
    assert _assigned(proposals) == [
        ("alt.mp4", None), ("neu.mp4", "hook"), ("neu (1).mp4", None), ("anders.mp4", "regeln")]
    assert [p.reason for p in proposals] == ["in_project", None, "repeat", None]
