"""The comments page as a liaison uses it: filter, search, edit, answer, bulk changes, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.access_log import AccessReason
from komoro_feedback.domain.comment import Comment, SpeakerContact
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, SortKey
from komoro_feedback.services.container import Services
from tests.helpers import record

from komoro_feedback.ui.models.comment_table_model import COLUMN_KEYS, COLUMNS, column_of
from komoro_feedback.ui.panels.comments_panel import CommentsPanel

TEXTS = (
    ("保育園の送迎で朝の道が混みます", "乙女", ("1-04",)),
    ("ゴミ集積所のカラス対策をお願いします", "与良", ("5-01",)),
    ("小諸駅前の空き店舗を活用してほしい", "相生", ("4-09",)),
    ("ごみの分別の説明会を開いてください", "乙女", ("5-01",)),
)


@pytest.fixture
def comments(sqlite_services: Services) -> list[Comment]:
    out = []
    for i, (text, ward, policies) in enumerate(TEXTS):
        speaker = SpeakerContact("小諸 花子", "0267-00-0000") if i == 0 else None
        out.append(
            record(
                sqlite_services,
                text,
                ward=ward,
                policies=policies,
                received=date(2026, 4, 1 + i),
                speaker=speaker,
            )
        )
    return out


@pytest.fixture
def panel(qtbot, sqlite_services: Services, comments: list[Comment]) -> Iterator[CommentsPanel]:
    p = CommentsPanel(sqlite_services, UserSettings())
    qtbot.addWidget(p)
    p.resize(1110, 700)
    p.show()
    p.refresh()
    _settle(qtbot, p)
    yield p
    p.runner.wait()


def _settle(qtbot, p: CommentsPanel) -> None:
    qtbot.waitUntil(lambda: not p.model.loading and not p.runner.busy)


def _commit(widget: QWidget, text: str) -> None:
    """Type Japanese as an input method delivers it (key clicks cannot carry kana)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _texts(p: CommentsPanel) -> set[str]:
    return {p.model.comment_at(r).text for r in range(p.model.rowCount())}


def _select(p: CommentsPanel, rows: list[int]) -> None:
    sm = p.table.selectionModel()
    sm.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in rows:
        sm.select(p.model.index(r, 0), flags)


def _row_of_text(p: CommentsPanel, text: str) -> int:
    return next(r for r in range(p.model.rowCount()) if p.model.comment_at(r).text == text)


def test_filter_and_free_text_search_change_rows_and_count(qtbot, panel: CommentsPanel) -> None:
    assert panel.model.rowCount() == 4
    assert panel.count_label.text().startswith("該当 4 件")

    _commit(panel.filter_bar.text, "ごみ")  # finds ゴミ and ごみ alike
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 and panel.total_count == 2)
    assert _texts(panel) == {TEXTS[1][0], TEXTS[3][0]}
    assert panel.count_label.text().startswith("該当 2 件")

    ward_combo = panel.filter_bar.ward
    ward_combo.setCurrentIndex(
        next(i for i in range(ward_combo.count()) if ward_combo.itemText(i).strip() == "乙女")
    )
    _settle(qtbot, panel)
    assert _texts(panel) == {TEXTS[3][0]}
    assert panel.total_count == 1
    f = panel.current_filter()
    assert f.text == "ごみ" and len(f.ward_ids) == 1

    panel.filter_bar.clear_button.click()
    _settle(qtbot, panel)
    assert panel.model.rowCount() == 4 and panel.total_count == 4


def test_set_filter_from_another_page_lists_that_policy(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    policy = sqlite_services.catalog.policy_by_code("5-01")
    panel.set_filter(CommentFilter(policy_ids=(policy.id,), primary_only=True))
    _settle(qtbot, panel)
    assert _texts(panel) == {TEXTS[1][0], TEXTS[3][0]}
    assert panel.filter_bar.policy.currentText().startswith("5-01")
    assert panel.filter_bar.primary_only.isChecked()
    assert panel.current_filter().policy_ids == (policy.id,)


def test_edit_status_and_answer_in_the_pane_updates_history_and_audit(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    row = _row_of_text(panel, TEXTS[0][0])
    _select(panel, [row])
    d = panel.detail
    assert d.text.toPlainText() == TEXTS[0][0]
    assert d.history.statuses.topLevelItemCount() == 1  # 受付

    dep = sqlite_services.catalog.departments()[0]
    d.department.setCurrentIndex(d.department.findData(dep.id))
    d.answer.setPlainText("来年度から送迎時間帯の交通整理を行います。")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)

    saved = sqlite_services.comments.get(panel.model.comment_at(row).id)
    assert saved.status is Status.ANSWERED
    assert saved.department_id == dep.id
    assert saved.answer.startswith("来年度から")
    statuses = [
        d.history.statuses.topLevelItem(i).text(1)
        for i in range(d.history.statuses.topLevelItemCount())
    ]
    assert statuses == ["受付", "確認中", "回答済"]
    audit_fields = {
        d.history.audit.topLevelItem(i).text(3) for i in range(d.history.audit.topLevelItemCount())
    }
    assert {"担当課", "回答", "状況"} <= audit_fields
    assert d.banner.isVisible() and "保存しました" in d.banner.text()
    status_col = column_of(SortKey.STATUS)
    assert panel.model.data(panel.model.index(row, status_col)) == "回答済"

    d.status.setCurrentIndex(d.status.findData(Status.DONE))
    d.save()
    assert sqlite_services.comments.get(saved.id).status is Status.DONE
    assert d.history.statuses.topLevelItem(3).text(1) == "対応済"


def test_a_stale_edit_is_refused_and_the_pane_offers_to_reload(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    row = _row_of_text(panel, TEXTS[2][0])
    _select(panel, [row])
    d = panel.detail
    seen = d.comment()
    assert seen is not None
    # Someone else closes the comment meanwhile.
    sqlite_services.comments.change_status(seen.id, seen.version, Status.NOTED)

    d.status.setCurrentIndex(d.status.findData(Status.IN_PROGRESS))
    d.text.setPlainText("駅前の空き店舗を活用してほしい（修正）")
    assert d.save() is False
    assert d.banner.isVisible() and "変更しました" in d.banner.text()
    assert d.reload_button.isVisible()
    assert d.text.toPlainText().endswith("（修正）")  # the user's input is kept
    latest = sqlite_services.comments.get(seen.id)
    assert latest.status is Status.NOTED and latest.text == TEXTS[2][0]

    qtbot.mouseClick(d.reload_button, Qt.MouseButton.LeftButton)
    assert d.status.currentData() == Status.NOTED
    assert not d.banner.isVisible()


def test_bulk_status_and_department_change_for_a_selection(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    _select(panel, [0, 1, 2])
    d = panel.detail
    assert d.stack.currentWidget() is d.bulk
    assert "3件を選択中" in d.bulk.heading.text()
    d.bulk.status.setCurrentIndex(d.bulk.status.findData(Status.IN_PROGRESS))
    qtbot.mouseClick(d.bulk.status_button, Qt.MouseButton.LeftButton)
    ids = [panel.model.comment_at(r).id for r in (0, 1, 2)]
    assert {c.status for c in sqlite_services.queries.get_many(ids)} == {Status.IN_PROGRESS}
    status_col = column_of(SortKey.STATUS)
    assert [panel.model.data(panel.model.index(r, status_col)) for r in range(3)] == ["対応中"] * 3
    assert panel.model.data(panel.model.index(3, status_col)) == "受付"

    dep = sqlite_services.catalog.departments()[1]
    d.bulk.department.setCurrentIndex(d.bulk.department.findData(dep.id))
    d.bulk.department_button.click()
    assert {c.department_id for c in sqlite_services.queries.get_many(ids)} == {dep.id}
    assert "3件の担当課" in d.bulk.message.text()
    _settle(qtbot, panel)


def test_soft_delete_restore_and_personal_data_only_on_request(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    row = _row_of_text(panel, TEXTS[0][0])
    _select(panel, [row])
    d = panel.detail
    assert d.speaker.text() == ""  # nothing personal shown by default
    qtbot.mouseClick(d.speaker_button, Qt.MouseButton.LeftButton)
    assert d.speaker.text() == "" and "理由を選んでください" in d.banner.text()
    d.speaker_reason.choose(AccessReason.ANSWER_CONTACT)
    qtbot.mouseClick(d.speaker_button, Qt.MouseButton.LeftButton)
    assert "小諸 花子" in d.speaker.text()
    [logged] = sqlite_services.access_log.entries()
    assert logged.comment_ids == (d.comment().id,) and logged.reason is AccessReason.ANSWER_CONTACT

    cid = d.comment().id
    d.delete_button.click()
    assert sqlite_services.comments.get(cid).deleted
    assert d.restore_button.isVisibleTo(d) and not d.delete_button.isVisibleTo(d)
    _settle(qtbot, panel)
    assert panel.total_count == 3
    panel.filter_bar.deleted_only.setChecked(True)  # where a deleted comment can be found again
    _settle(qtbot, panel)
    assert panel.total_count == 1 and panel.model.comment_at(0).id == cid
    assert panel.model.data(panel.model.index(0, COLUMN_KEYS.index("text"))).startswith(
        "［削除済］"
    )
    _select(panel, [0])
    assert d.restore_button.isVisibleTo(d)
    d.restore_button.click()
    assert not sqlite_services.comments.get(cid).deleted
    _settle(qtbot, panel)
    assert panel.total_count == 0  # no longer among the deleted
    assert d.speaker.text() == ""  # hidden again after reloading
    panel.filter_bar.deleted_only.setChecked(False)
    _settle(qtbot, panel)
    assert panel.total_count == 4


def test_header_click_sorts_by_sql_columns_only(qtbot, panel: CommentsPanel) -> None:
    header = panel.table.horizontalHeader()
    ward_col = column_of(SortKey.WARD)
    header.setSortIndicator(ward_col, Qt.SortOrder.AscendingOrder)
    _settle(qtbot, panel)
    assert panel.model.query.sort is SortKey.WARD and not panel.model.query.descending
    text_col = [c.key for c in COLUMNS].index("text")
    header.setSortIndicator(text_col, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == ward_col
    assert panel.model.query.sort is SortKey.WARD


def test_language_and_date_style_switch_keep_the_typed_search(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    from komoro_feedback.i18n.translation import set_language

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.filter_bar.text
    _commit(panel.filter_bar.text, "ごみ")
    qtbot.waitUntil(lambda: panel.total_count == 2 and panel.model.rowCount() == 2)
    set_language("en")
    panel.retranslate()
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Received"
    assert panel.count_label.text().startswith("2 matching")
    assert panel.filter_bar.text.text() == "ごみ" and panel.model.rowCount() == 2
    set_language("ja")
    panel.retranslate()
    panel.settings.date_style = "era"
    panel.refresh()
    assert panel.model.data(panel.model.index(0, 0)).startswith("令和8年4月")


def test_edit_text_ward_and_policies_with_the_primary_first(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    row = _row_of_text(panel, TEXTS[0][0])
    _select(panel, [row])
    d = panel.detail
    d.text.setPlainText("保育園の送迎で朝の道がとても混みます")
    yora = sqlite_services.catalog.ward_by_name("与良").id
    d.ward.setCurrentIndex(d.ward.findData(yora))
    chooser = d.policies.chooser
    chooser.setCurrentIndex(
        next(i for i in range(chooser.count()) if chooser.itemText(i).startswith("2-01"))
    )
    d.policies.add_button.click()
    d.policies.chosen.setCurrentRow(1)
    d.policies.primary_button.click()
    assert d.policies.chosen.item(0).text().startswith("主")
    assert d.save()
    saved = sqlite_services.comments.get(d.comment().id)
    assert saved.text.endswith("とても混みます")
    assert saved.ward_id == yora
    assert saved.policy_codes == ("2-01", "1-04")
    audit = {
        d.history.audit.topLevelItem(i).text(3): d.history.audit.topLevelItem(i)
        for i in range(d.history.audit.topLevelItemCount())
    }
    assert audit["区"].text(4) == "乙女" and audit["区"].text(5) == "与良"
    assert audit["政策"].text(5) == "2-01,1-04"
    assert panel.model.data(panel.model.index(row, column_of(SortKey.POLICY))) == "2-01, 1-04"


def test_export_from_the_list_takes_exactly_its_filter(
    qtbot, panel: CommentsPanel, tmp_path
) -> None:
    import openpyxl

    _commit(panel.filter_bar.text, "ごみ")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 and panel.total_count == 2)
    qtbot.keyClick(
        panel.table,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = panel.findChild(QWidget, "export_path").window()
    assert dialog.comment_filter == panel.current_filter()
    dialog.path.setText(str(tmp_path / "gomi.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    sheet = openpyxl.load_workbook(tmp_path / "gomi.xlsx").worksheets[0]
    texts = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
    assert {TEXTS[1][0], TEXTS[3][0]} <= texts
    assert TEXTS[0][0] not in texts and TEXTS[2][0] not in texts
    assert "小諸 花子" not in texts


def test_public_wording_defaults_to_the_masked_text_and_can_be_edited_or_excluded(
    qtbot, panel: CommentsPanel, sqlite_services: Services
) -> None:
    c = record(
        sqlite_services,
        "小諸花子です。除雪をお願いします。電話は0267-11-2233です。",
        ward="乙女",
        policies=("5-03",),
        received=date(2026, 4, 9),
        speaker=SpeakerContact("小諸花子", ""),
    )
    panel.set_filter(CommentFilter(text="除雪"))
    _settle(qtbot, panel)
    _select(panel, [_row_of_text(panel, c.text)])
    box = panel.detail.public
    assert box.text.accessibleName() == "公開用の文面"
    shown = box.text.toPlainText()
    assert "除雪をお願いします" in shown
    assert "小諸花子" not in shown and "0267-11-2233" not in shown

    box.text.setPlainText("除雪を早めにお願いしたい。")
    box.excluded.setChecked(True)
    assert not box.text.isEnabled()  # an excluded item's wording does not matter
    qtbot.mouseClick(panel.detail.save_button, Qt.MouseButton.LeftButton)
    w = sqlite_services.publish.wording(c.id)
    assert w.public_text == "除雪を早めにお願いしたい。" and w.excluded
    assert sqlite_services.comments.get(c.id).text == c.text  # the record itself is unchanged
    audit = panel.detail.history.audit
    fields = {audit.topLevelItem(i).text(3) for i in range(audit.topLevelItemCount())}
    assert {"公開用の文面", "公開しない"} <= fields

    box.excluded.setChecked(False)
    box.text.setPlainText("")  # empty: back to the masked text
    panel.detail.save()
    w = sqlite_services.publish.wording(c.id)
    assert w.public_text == "" and not w.excluded
    assert box.text.toPlainText() == w.default_text
