"""Line diffs for revision history and edit conflicts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert", "delete" or "skip" (a run of unchanged lines left out)
    text: str


def diff_lines(old: str, new: str, *, context: int = 2) -> list[DiffLine]:
    """The changed lines of `new` against `old`, with a little unchanged context."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    lines: list[DiffLine] = []
    for group_index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if group_index or (group and (group[0][1] > 0 or group[0][3] > 0)):
            lines.append(DiffLine("skip", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("equal", line) for line in old_lines[i1:i2])
                continue
            if tag in {"replace", "delete"}:
                lines.extend(DiffLine("delete", line) for line in old_lines[i1:i2])
            if tag in {"replace", "insert"}:
                lines.extend(DiffLine("insert", line) for line in new_lines[j1:j2])
    return lines
