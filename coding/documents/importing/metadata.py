"""Interview metadata from a header block at the top of a transcript, or from its file name."""

import datetime
import re
from dataclasses import dataclass, field

from coding.documents.importing.turns import KNOWN_LABELS

HEADER_KEYS = {
    "interview_id": {
        "访谈编号",
        "编号",
        "访谈号",
        "访谈id",
        "访谈代码",
        "id",
        "interview id",
        "interview_id",
    },
    "interview_date": {"访谈日期", "日期", "访谈时间", "时间", "date", "interview date", "interview_date"},
    "place": {"访谈地点", "地点", "地址", "place", "location"},
    "interviewee_role": {
        "受访者身份",
        "受访者角色",
        "受访人身份",
        "身份",
        "角色",
        "职务",
        "role",
        "interviewee role",
        "interviewee_role",
    },
}
KEY_FOR_LABEL = {label: key for key, labels in HEADER_KEYS.items() for label in labels}
HEADER_LINE = re.compile(
    r"^[ \t\u3000]*(?P<key>[^\W\d_][\w \-]{0,19}?)[ \t\u3000]*[:：][ \t\u3000]*(?P<value>.*)$"
)
TITLE_LINE = re.compile(r"^[ \t\u3000]*(?:【[^】]*】|\[[^\]]*\])[ \t\u3000]*$")
# 20160710YJ2: an eight-digit date, then an optional interviewer/site code.
FILE_NAME_ID = re.compile(
    r"(?<!\d)(?P<date>(?:19|20)\d{6})(?P<suffix>[A-Za-z\u4e00-\u9fff]{1,10}\d{0,4})?(?!\d)"
)
DATE_FORMATS = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
]


@dataclass
class Metadata:
    interview_id: str = ""
    interview_date: datetime.date | None = None
    place: str = ""
    interviewee_role: str = ""
    extra: dict = field(default_factory=dict)
    header_end: int = 0  # code point offset just after the header block; 0 when there is none


# Full-width digits and separators, as an input method types them: ２０２３／０４／１５.
FULL_WIDTH_DATE = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_date(value: str, *, whole: bool = False) -> datetime.date | None:
    """2023-04-15, 2023/4/15, 2023.04.15, 2023年4月15日, 20230415 (also in full-width digits).

    A header line may go on after the date ("2016年7月10日 上午"), so by default only the start
    must be a date; `whole=True` is for a form field, where anything after it is a typing mistake.
    """
    value = value.strip().translate(FULL_WIDTH_DATE)
    for pattern in DATE_FORMATS:
        match = pattern.match(value)
        if match:
            if whole and value[match.end() :].strip():
                return None
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def from_header(text: str) -> Metadata:
    """Leading `key：value` lines, kept only when at least one key is a known metadata name.

    Wholly bracketed lines before them (【访谈记录】, [Fictional interview]) are titles, not the
    end of the header: without skipping them the header's 受访者身份 and the like would be read
    as the first speaker turns.
    """
    metadata, found, offset, known = Metadata(), [], 0, 0
    for line in text.split("\n"):
        line_end = offset + len(line) + 1
        if not line.strip() or (not found and TITLE_LINE.match(line)):
            if found:
                break
            offset = line_end
            continue
        match = HEADER_LINE.match(line)
        if match is None or match["key"].strip().lower() in KNOWN_LABELS:
            break
        key = match["key"].strip()
        found.append((key, match["value"].strip()))
        known += KEY_FOR_LABEL.get(key.lower()) is not None
        offset = line_end
    if not known:
        return Metadata()
    for key, value in found:
        field_name = KEY_FOR_LABEL.get(key.lower())
        if field_name == "interview_date":
            date = parse_date(value)
            if date is None:
                metadata.extra[key] = value
            else:
                metadata.interview_date = date
        elif field_name and not getattr(metadata, field_name):
            setattr(metadata, field_name, value)
        else:
            metadata.extra[key] = value
    metadata.header_end = min(offset, len(text))
    return metadata


def from_file_name(stem: str) -> Metadata:
    match = FILE_NAME_ID.search(stem)
    if match is None:
        return Metadata()
    date = parse_date(match["date"])
    if date is None:
        return Metadata()
    return Metadata(interview_id=match.group(0) if match["suffix"] else "", interview_date=date)


def merge(header: Metadata, file_name: Metadata) -> Metadata:
    """The header wins; the file name fills what the header leaves empty."""
    return Metadata(
        interview_id=header.interview_id or file_name.interview_id,
        interview_date=header.interview_date or file_name.interview_date,
        place=header.place,
        interviewee_role=header.interviewee_role,
        extra=header.extra,
        header_end=header.header_end,
    )
