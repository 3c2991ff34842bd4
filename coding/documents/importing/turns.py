"""Speaker turns in a transcript: where each turn starts and ends, who speaks, optional timestamp.

A turn starts at a line that opens with a speaker label and a colon (full-width or not),
optionally after a timestamp such as [00:12:05]; it runs until the next turn starts. Known labels
(问/答, 访谈者/受访者, Q/A, Interviewer…) always count. Other labels such as a person's name count
only when they open at least two lines, so that a sentence like “他说：” does not become a turn.
"""

import re
from dataclasses import dataclass

KNOWN_LABELS = {
    "问",
    "答",
    "访谈者",
    "受访者",
    "访问者",
    "被访者",
    "采访者",
    "主持人",
    "q",
    "a",
    "interviewer",
    "interviewee",
    "respondent",
    "moderator",
}
MIN_NAME_REPEATS = 2
# Labels that open lines in notes and headers, never a speaker's turn however often they recur.
NOT_SPEAKERS = {
    "时间",
    "日期",
    "地点",
    "注",
    "备注",
    "说明",
    "编号",
    "note",
    "notes",
    "date",
    "time",
    "place",
    "http",
    "https",
}

_TIMESTAMP = r"(?:[\[【(（]\s*(?P<ts>\d{1,2}:\d{2}(?::\d{2})?)\s*[\]】)）]|(?P<bare_ts>\d{1,2}:\d{2}:\d{2}))"
TURN_START = re.compile(
    r"^[ \t\u3000]*(?:" + _TIMESTAMP + r"[ \t\u3000]*)?"
    # A label: starts with a letter or ideograph, up to 15 characters, no sentence punctuation.
    r"(?P<speaker>[^\W\d_][\w·\-. ]{0,14}?)[ \t\u3000]*[:：](?!//)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str
    timestamp: str = ""


def find_turns(text: str, *, skip_until: int = 0) -> list[Turn]:
    """Turns in normalised text, offsets in code points; lines before `skip_until` are ignored."""
    candidates = []
    for match in TURN_START.finditer(text, skip_until):
        speaker = match.group("speaker").strip()
        candidates.append((match.start(), speaker, match.group("ts") or match.group("bare_ts") or ""))
    counts = {}
    for _start, speaker, _ts in candidates:
        counts[speaker] = counts.get(speaker, 0) + 1
    starts = [
        (start, speaker, ts)
        for start, speaker, ts in candidates
        if speaker.lower() in KNOWN_LABELS
        or (counts[speaker] >= MIN_NAME_REPEATS and speaker.lower() not in NOT_SPEAKERS)
    ]
    turns = []
    for index, (start, speaker, ts) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        # Leading indentation and trailing blank lines belong to no one.
        while start < end and text[start] in " \t\u3000":
            start += 1
        while end > start and text[end - 1] in " \t\u3000\n":
            end -= 1
        if end > start:
            turns.append(Turn(start=start, end=end, speaker=speaker, timestamp=ts))
    return turns
