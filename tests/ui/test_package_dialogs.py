"""The package dialogs and the conflict dialog, driven like a user would, on real databases."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from tests.helpers import meeting, record

from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog
from komoro_feedback.ui.dialogs.package_dialog import PackageExportDialog, PackageImportDialog

SHOTS = os.environ.get("KOMORO_SHOTS")  # set to a folder to keep screenshots for review


def _click_and_wait(qtbot: QtBot, dialog: Any, button: Any) -> None:
    """Click as a user does; the work runs on a worker thread, so wait for its outcome."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


def test_export_import_and_resolve_through_the_dialogs(
    qtbot: QtBot, laptop: Services, sqlite_services: Services, tmp_path: Path
) -> None:
    mid = meeting(laptop, "御影区タウンミーティング", date(2026, 11, 20))
    c = record(laptop, "ゴミ出しの日を増やしてほしい", ward="御影", meeting_id=mid)
    record(laptop, "通学路に歩道がほしい", ward="御影", meeting_id=mid)

    export = PackageExportDialog(laptop)
    qtbot.addWidget(export)
    export.show()
    assert (
        export.by_meeting.isChecked()
        and "御影区タウンミーティング" in export.meeting_combo.currentText()
    )
    out = tmp_path / "mikage.komoro"
    export.path_edit.setText(str(out))
    _click_and_wait(qtbot, export, export.export_button)
    assert out.exists() and export.result_export is not None
    assert "2 件の意見" in export.banner.text()
    _shot(export, "package-export")

    dialog = PackageImportDialog(sqlite_services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(out))
    assert not dialog.import_button.isEnabled()  # nothing to import before the preview
    _click_and_wait(qtbot, dialog, dialog.preview_button)
    assert "新しい意見: 2 件" in dialog.summary.text()
    assert sqlite_services.queries.count(CommentFilter()) == 0
    assert dialog.import_button.isEnabled()
    _shot(dialog, "package-import-preview")
    dialog.run_import()  # what the 取り込む button does; the write runs on a worker thread
    assert dialog.busy_bar.isVisible() and not dialog.buttons.isEnabled()
    assert "取り込んでいます" in dialog.banner.text()
    dialog.reject()  # Esc while writing: the dialog stays to show the outcome
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy())
    assert not dialog.busy_bar.isVisible() and dialog.buttons.isEnabled()
    assert sqlite_services.queries.count(CommentFilter()) == 2
    assert "新規 2 件" in dialog.banner.text()
    # The same file again: the preview says so and the button stays off.
    _click_and_wait(qtbot, dialog, dialog.preview_button)
    assert "取り込み済み" in dialog.banner.text() and not dialog.import_button.isEnabled()

    # Edited on both sides, then imported: a conflict to look at.
    here = sqlite_services.comments.get(c.id)
    sqlite_services.comments.edit(CommentEdit(c.id, here.version, text="ゴミ出しの日を週三回に"))
    there = laptop.comments.get(c.id)
    laptop.comments.edit(CommentEdit(c.id, there.version, text="ゴミ出しの日と場所を増やして"))
    out2 = tmp_path / "mikage2.komoro"
    laptop.packages.export_meeting(mid, out2)
    dialog.path_edit.setText(str(out2))
    _click_and_wait(qtbot, dialog, dialog.preview_button)
    assert "競合（両方で編集）: 1 件" in dialog.summary.text()
    _click_and_wait(qtbot, dialog, dialog.import_button)
    assert dialog.conflicts_button.isVisible()

    conflicts = ConflictDialog(sqlite_services)
    qtbot.addWidget(conflicts)
    conflicts.show()
    assert conflicts.list.count() == 1
    rows = {
        conflicts.table.item(r, 0).text(): (
            conflicts.table.item(r, 1).text(),
            conflicts.table.item(r, 2).text(),
        )
        for r in range(conflicts.table.rowCount())
    }
    assert rows["本文"] == ("ゴミ出しの日を週三回に", "ゴミ出しの日と場所を増やして")
    text_row = next(
        r for r in range(conflicts.table.rowCount()) if conflicts.table.item(r, 0).text() == "本文"
    )
    assert conflicts.table.item(text_row, 1).background().color().name() == "#fff4ce"
    _shot(conflicts, "conflict-dialog")
    qtbot.mouseClick(conflicts.take_incoming_button, Qt.MouseButton.LeftButton)
    assert conflicts.list.count() == 0 and "採用しました" in conflicts.banner.text()
    assert sqlite_services.comments.get(c.id).text == "ゴミ出しの日と場所を増やして"


def test_broken_file_is_explained_and_nothing_changes(
    qtbot: QtBot, sqlite_services: Services, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.komoro"
    bad.write_bytes(b"KOMORO-PKG\n\x00\x00 half a file")
    dialog = PackageImportDialog(sqlite_services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(bad))
    _click_and_wait(qtbot, dialog, dialog.preview_button)
    assert dialog.banner.level == "error" and "途中で切れています" in dialog.banner.text()
    assert not dialog.import_button.isEnabled()
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "閉じる"
    _shot(dialog, "package-import-broken")


def test_export_a_period_with_speakers_warns_about_personal_data(
    qtbot: QtBot, laptop: Services, tmp_path: Path
) -> None:
    from PySide6.QtCore import QDate

    from komoro_feedback.domain.comment import SpeakerContact

    record(laptop, "十月の手紙", received=date(2026, 10, 5))
    record(laptop, "十一月の手紙", received=date(2026, 11, 5), speaker=SpeakerContact("小諸花子"))
    export = PackageExportDialog(laptop)
    qtbot.addWidget(export)
    export.show()
    assert export.by_period.isChecked()  # no meetings yet: the period is the only choice
    assert not export.by_meeting.isEnabled()
    export.from_edit.setDate(QDate(2026, 11, 1))
    export.to_edit.setDate(QDate(2026, 11, 30))
    assert not export.speakers_note.isVisible()
    qtbot.mouseClick(export.speakers_check, Qt.MouseButton.LeftButton)
    assert export.speakers_note.isVisible()
    export.path_edit.setText(str(tmp_path / "november.komoro"))
    _click_and_wait(qtbot, export, export.export_button)
    assert export.result_export is not None
    assert export.result_export.comments == 1 and export.result_export.includes_speakers
    _shot(export, "package-export-period")


def test_without_a_key_file_the_dialog_asks_the_citys_passphrase(
    qtbot: QtBot, laptop: Services, sqlite_services: Services, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    from komoro_feedback.services.package_crypto import PassphraseKeys

    mid = meeting(laptop, "乙女区の会", date(2026, 11, 20))
    record(laptop, "ゴミ出しの日を増やして", meeting_id=mid)
    pkg = laptop.packages.export_meeting(
        mid, tmp_path / "p.komoro", keys=PassphraseKeys("小諸の合言葉")
    ).path
    sqlite_services.packages.keys = None  # this PC has no key file set up
    replies = ["上田の合言葉", "小諸の合言葉"]
    labels: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog) and replies:
            assert box.textEchoMode() == QLineEdit.EchoMode.Password
            labels.append(box.labelText())
            box.setTextValue(replies.pop(0))
            box.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    dialog = PackageImportDialog(sqlite_services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(pkg))
    _click_and_wait(qtbot, dialog, dialog.preview_button)
    assert dialog.banner.level == "error" and "別の鍵またはパスフレーズ" in dialog.banner.text()
    assert "\n" not in dialog.banner.text()
    _click_and_wait(qtbot, dialog, dialog.preview_button)  # asked again after a wrong one
    _click_and_wait(qtbot, dialog, dialog.import_button)  # the right one is kept meanwhile
    timer.stop()
    assert len(labels) == 2 and "パスフレーズ" in labels[0]
    assert sqlite_services.queries.count(CommentFilter()) == 1
    _shot(dialog, "package-import-passphrase")


def test_export_with_a_passphrase_asks_it_twice(
    qtbot: QtBot, laptop: Services, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from komoro_feedback.services.package_crypto import PassphraseKeys

    mid = meeting(laptop, "乙女区の会", date(2026, 11, 20))
    record(laptop, "ゴミ出しの日を増やして", meeting_id=mid)
    laptop.packages.keys = None
    replies = ["小諸の合言葉", "小諸の合言葉X", "小諸の合言葉", "小諸の合言葉"]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog) and replies:
            box.setTextValue(replies.pop(0))
            box.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    dialog = PackageExportDialog(laptop)
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "p.komoro"
    dialog.path_edit.setText(str(out))
    _click_and_wait(qtbot, dialog, dialog.export_button)
    assert dialog.banner.level == "error" and "一致しません" in dialog.banner.text()
    assert not out.exists()
    _click_and_wait(qtbot, dialog, dialog.export_button)
    timer.stop()
    assert out.exists() and not replies
    p = laptop.packages.preview(out, keys=PassphraseKeys("小諸の合言葉"))
    assert p.package_id == dialog.result_export.package_id  # type: ignore[union-attr]
