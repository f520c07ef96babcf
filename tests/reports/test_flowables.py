"""A repeated text is wrapped once per width and style, and wraps as it would alone."""

from __future__ import annotations

from komoro_feedback.reports.flowables import BODY, H2, LineBlock, measure
from komoro_feedback.reports.kinsoku import wrap_lines, wrap_title

TEXT = "通学路の除雪が遅く、朝の登校時に子どもが車道を歩いています。早めに除雪してください。" * 3


def test_the_same_text_in_blocks_of_other_widths_and_styles_wraps_for_each() -> None:
    for width in (300.0, 120.0, 300.0):
        for st in (BODY, H2):
            block = LineBlock([(TEXT, st)])
            block.wrap(width, 1000.0)
            wrap = wrap_title if st.title else wrap_lines
            expected = wrap(TEXT, width - st.indent, measure(st.size))
            assert [t for t, _s, _h in block._layout(width)] == expected
    narrow = LineBlock([(TEXT, H2)])._layout(120.0)
    wide = LineBlock([(TEXT, H2)])._layout(300.0)
    assert len(narrow) > len(wide) > 1
