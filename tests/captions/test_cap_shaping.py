"""Caption shaping: rule properties (hypothesis) and German line-break examples."""

from __future__ import annotations

import pytest
from cap_helpers import words
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.captions.linebreak_de import HARD, break_cost, break_lines, is_sentence_end
from toolkit.captions.shaping import CaptionTrack, ShapingRules, shape
from toolkit.captions.transcript import Word

EPS = 1e-6
TOKENS = st.sampled_from(
    "der die das und oder mit für im Ausbildung Werkstatt Mechatronikerin Anna Schmidt "
    "arbeitet gern hier, Team! Kunden. Elektronik? ist wir suchen dich ß Größe „Zitat“ "
    "Donaudampfschifffahrtsgesellschaft, zu".split())


@st.composite
def timed_words(draw) -> list[Word]:
    n = draw(st.integers(1, 60))
    out, t = [], draw(st.floats(0, 2))
    for _ in range(n):
        text = draw(TOKENS)
        t += draw(st.sampled_from([0.0, 0.02, 0.1, 0.3, 1.2, 2.5]))  # pause before the word
        dur = draw(st.floats(0.0, 1.2))
        out.append(Word(text, t, t + dur))
        t += dur
    return out


RULES = st.sampled_from([
    ShapingRules(), ShapingRules.for_frame(1080, 1920), ShapingRules.for_frame(1080, 1920, "words"),
    ShapingRules(max_chars=20, max_lines=3, fps=30), ShapingRules(names=("Anna Schmidt",)),
])


def check_track(track: CaptionTrack, ws: list[Word], r: ShapingRules) -> None:
    events = track.events
    # every word exactly once, in order
    assert [w for e in events for w in e.words] == ws
    limit = r.max_chars
    lines_allowed = 1 if r.mode == "words" else r.max_lines
    for k, e in enumerate(events):
        assert e.end > e.start
        assert len(e.lines) <= lines_allowed or all(len(line) == 1 for line in e.lines)
        for line in e.lines:  # only a single overlong word may break the limit
            text = " ".join(w.text for w in line)
            assert len(text) <= limit or len(line) == 1, text
        if r.mode == "words":
            assert 1 <= len(e.words) <= r.max_words
        if k + 1 < len(events):  # in order, no overlap, >= 2 frames apart
            nxt = events[k + 1]
            assert nxt.start >= e.end + r.gap - EPS
            bound = nxt.start - r.gap
        else:
            bound = float("inf")
        if r.mode == "lines":
            # reading speed is met unless the next caption or the 7 s cap stops the extension
            speech = max(w.end for w in e.words) - e.start
            cap = max(r.max_duration, speech)
            if e.chars / e.duration > r.max_cps + EPS:
                assert e.end >= min(bound, e.start + cap) - 1e-3
            # minimum duration likewise
            if e.duration < r.min_duration - EPS:
                assert e.end >= min(bound, e.start + cap) - 1e-3


@settings(max_examples=150, deadline=None)
@given(ws=timed_words(), r=RULES)
def test_shaping_properties(ws, r):
    ws = sorted(ws, key=lambda w: (w.start, w.end))
    check_track(shape(ws, r), ws, r)


def test_events_do_not_run_past_the_video():
    ws = words("Hallo.")
    track = shape(ws, ShapingRules(), duration=ws[-1].end + 0.1)
    assert track.events[-1].end <= ws[-1].end + 0.1 + EPS


def test_sentence_ends_and_long_pauses_start_new_captions():
    ws = words("Wir suchen dich. Komm zu uns")
    ws[-1] = Word(ws[-1].text, ws[-1].start + 3, ws[-1].end + 3)
    texts = [e.text for e in shape(ws).events]
    assert texts == ["Wir suchen dich.", "Komm zu", "uns"] or texts[0] == "Wir suchen dich."
    assert all("dich. Komm" not in t for t in texts)


@pytest.mark.parametrize("left,right", [("der", "Ausbildung"), ("mit", "Kunden"),
                                        ("und", "Technik"), ("für", "dich"), ("eine", "Stelle")])
def test_function_words_never_end_a_line(left, right):
    assert break_cost(left, right) >= HARD


def test_good_breaks_after_punctuation_and_before_conjunctions():
    assert break_cost("Werkstatt,", "wir") < 0
    assert break_cost("arbeiten", "und") < break_cost("arbeiten", "gerne")
    assert is_sentence_end("Team!") and not is_sentence_end("z.B.") and not is_sentence_end("3.")


def test_line_breaks_in_german_examples():
    lines, _ = break_lines("Wir suchen ab sofort eine Mechatronikerin für unsere Werkstatt"
                           .split(), 42)
    assert [" ".join(x) for x in lines] == ["Wir suchen ab sofort eine Mechatronikerin",
                                            "für unsere Werkstatt"]
    text = "Heute zeigt dir Anna Schmidt unsere moderne Werkstatt".split()
    names = ("Anna Schmidt",)
    for width in range(16, 30):
        lines, _ = break_lines(text, width, 3, names=names)
        assert not any(line[-1] == "Anna" for line in lines), (width, lines)
    lines, _ = break_lines("Das ist die Ausbildung zur Mechatronikerin".split(), 24)
    assert all(line[-1] not in ("die", "zur") for line in lines)


def test_names_from_the_project_stay_together_in_captions():
    ws = words("Morgen stellt sich Anna Schmidt vor und zeigt die Werkstatt im Autohaus Meier")
    r = ShapingRules.for_frame(1080, 1920, "words", names=("Anna Schmidt", "Autohaus Meier"))
    groups = [e.text for e in shape(ws, r).events]
    assert not any(g.endswith("Anna") for g in groups)
    assert not any(g.endswith("Autohaus") for g in groups)
    assert all(1 <= len(g.split()) <= 3 for g in groups)


def test_word_mode_is_one_line_of_up_to_three_words():
    ws = words("Wir suchen dich als Azubi in der Kfz-Werkstatt ab August")
    track = shape(ws, ShapingRules.for_frame(1080, 1920, "words"))
    assert track.mode == "words"
    assert all(len(e.lines) == 1 and 1 <= len(e.words) <= 3 for e in track.events)


def test_track_round_trips_as_data():
    track = shape(words("Hallo Team, wir suchen dich."))
    assert CaptionTrack.from_dict(track.to_dict()).events[0].text == track.events[0].text


def test_window_shifts_captions_for_a_trimmed_export():
    track = shape(words("Eins zwei drei. Vier fünf sechs. Sieben acht neun."))
    cut = track.window(track.events[1].start - 0.05, track.events[1].end + 0.01)
    assert [e.text for e in cut.events] == [track.events[1].text]
    assert cut.events[0].start == pytest.approx(0.05)
    assert all(w.start >= 0 for w in cut.events[0].words)
    assert track.window(0.0).events == track.events
