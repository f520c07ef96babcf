"""The detail pane offers policy suggestions for the text and the comment's possible duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import CommentDraft
from komoro_feedback.domain.enums import Channel
from komoro_feedback.services.container import Services

from komoro_feedback.ui.panels.comment_detail import CommentDetailPane

TEXT = "集会所の前の街灯が切れていて夜は真っ暗なので、早く直してほしい"


def test_detail_pane_suggests_and_offers_duplicates_to_link(
    qtbot, sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    ids = []
    for ward in ("御影", "乙女"):
        c = sv.comments.record(
            CommentDraft(
                text=TEXT,
                ward_id=sv.catalog.ward_by_name(ward).id,
                channel=Channel.PHONE,
                received_on=date(2026, 5, 1),
            )
        )
        ids.append(c.id)
    pane = CommentDetailPane(sv, UserSettings())
    qtbot.addWidget(pane)
    pane.set_catalog(sv.catalog.programmes(), sv.catalog.districts(), sv.catalog.departments())
    pane.resize(560, 900)
    pane.show()
    with qtbot.waitSignal(pane.similar_comments.found, timeout=10000):
        pane.show_comment(ids[0])
    qtbot.waitUntil(lambda: pane.suggestion_bar.suggestions() is not None, timeout=10000)
    assert [s.comment.id for s in pane.similar_comments.similar()] == [ids[1]]
    assert pane.similar_comments.isVisible()
    pane.grab().save(str(tmp_path / "detail.png"))
    pane.suggestion_bar.choose(0)
    first = pane.suggestion_bar.suggestions().policies[0]
    assert pane.policies.ids() == (first.policy_id,)  # in the editor, saved with the pane's Save
    pane.similar_comments.set_checked(ids[1])
    group = pane.similar_comments.link_checked()
    assert group is not None and set(group.comment_ids) == set(ids)


def test_one_answer_for_the_linked_group_from_the_pane(qtbot, sqlite_services: Services) -> None:
    sv = sqlite_services
    ids = []
    for ward in ("御影", "乙女", "与良"):
        c = sv.comments.record(
            CommentDraft(
                text=TEXT,
                ward_id=sv.catalog.ward_by_name(ward).id,
                channel=Channel.PHONE,
                received_on=date(2026, 5, 1),
            )
        )
        ids.append(c.id)
    sv.similar.link(ids)
    pane = CommentDetailPane(sv, UserSettings())
    qtbot.addWidget(pane)
    pane.set_catalog(sv.catalog.programmes(), sv.catalog.districts(), sv.catalog.departments())
    pane.show()
    with qtbot.waitSignal(pane.similar_comments.found, timeout=10000):
        pane.show_comment(ids[0])
    assert pane.similar_comments.group_answer_button.isVisible()
    pane.answer.setPlainText("6月中に街灯を交換します。")
    with qtbot.waitSignal(pane.similar_comments.found, timeout=10000):
        assert pane.similar_comments.answer_group() == 3
    for cid in ids:
        assert sv.comments.get(cid).answer == "6月中に街灯を交換します。"
    assert pane.answer.toPlainText() == "6月中に街灯を交換します。"  # reloaded, saved version
