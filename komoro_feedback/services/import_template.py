"""The import template: an xlsx with the documented columns, an example and the valid values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from komoro_feedback.domain.enums import Channel, CommentKind, Status
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.sheet_format import (
    ALL_COLUMNS,
    COLUMNS,
    NEEDS_ANSWER_NO,
    NEEDS_ANSWER_YES,
    PERSONAL_COLUMNS,
)
from komoro_feedback.services.xlsx_writer import XlsxWriter

_HELP = {
    "id": "空欄にすると新しいIDを付けます。書き出したファイルのIDは二重登録の防止に使います。",
    "received_on": "2024-05-01 の形。空欄なら会議の日付。",
    "ward": "区の名前（例 乙女）または番号。空欄・「市全域」は市全域。",
    "district": "任意。入れると区と合っているか確かめます。",
    "policy_codes": "政策コード（例 1-04）。複数は「、」で区切り、最初が主な政策。",
    "policy_titles": "政策コードが空欄のときだけ、政策名で照合します。",
    "kind": "要望・質問・意見・提案・苦情・感謝・その他（空欄は意見）。",
    "channel": "会議・地区懇談会・手紙・電話・窓口・電子メール・その他。",
    "meeting_id": "登録済みの会議の番号。",
    "meeting_title": "会議名。登録済みでなければ、受付日の会議として新しく登録します。",
    "text": "必須。4000文字まで。先頭が = + - @ の文は ' を付けてください。",
    "status": "受付・確認中・対応中・回答済・対応済・対応困難・参考（空欄は受付）。",
    "department": "登録済みの担当課の名前。",
    "due_on": "回答期限（日付）。",
    "answer": "正式な回答。8000文字まで。",
    "answered_on": "回答日（日付）。",
    "spot_answer": "会議でその場で答えた内容。",
    "needs_answer": f"{NEEDS_ANSWER_YES} または {NEEDS_ANSWER_NO}（空欄は要）。",
    "speaker_name": "個人情報。帳票には載りません。",
    "speaker_contact": "個人情報。帳票には載りません。",
}


def write_template(out: Path, catalog: CatalogService) -> Path:
    """Write the template with the app's own xlsx writer (openpyxl is no longer needed here)."""
    cols = [*COLUMNS, *PERSONAL_COLUMNS]
    example = {
        "received_on": date(2024, 5, 1),
        "ward": "乙女",
        "policy_codes": "1-04",
        "kind": CommentKind.REQUEST.label,
        "channel": Channel.LETTER.label,
        "text": "保育園の送迎の時間帯に道が混むので、対策をお願いしたい。",
        "status": Status.RECEIVED.label,
        "needs_answer": NEEDS_ANSWER_YES,
    }
    help_rows: list[list[str]] = [["列", "説明"]]
    help_rows += [[col.header, _HELP.get(key, "")] for key, col in ALL_COLUMNS.items()]
    help_rows += [[], ["区", "地区"]]
    help_rows += [[w.name, d.name] for d in catalog.districts() for w in d.wards]
    help_rows += [[], ["政策コード", "政策名"]]
    help_rows += [[p.code, p.title] for p in catalog.all_policies()]
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = XlsxWriter(out)
    try:
        writer.add_sheet(
            "意見",
            [[c.header for c in cols], [example.get(c.key) for c in cols]],
            widths=[c.width for c in cols],
            freeze_header=True,
        )
        writer.add_sheet(_("説明"), help_rows, widths=[16, 90])
    finally:
        writer.close()
    return out
