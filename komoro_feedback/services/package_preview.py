"""What importing a package would do (or did): counts, and the reasons it cannot be imported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from komoro_feedback.i18n.translation import _


@dataclass(frozen=True)
class PackagePreview:
    """What importing a package would do (or did), before anything is written."""

    package_id: str
    origin: str
    created_at: str
    created_by: str
    scope: dict[str, Any]
    includes_speakers: bool
    already_imported: bool = False
    meetings_new: int = 0
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    kept_local: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    unknown_wards: tuple[str, ...] = ()
    unknown_policies: tuple[str, ...] = ()
    unknown_departments: tuple[str, ...] = ()
    unknown_meetings: tuple[str, ...] = ()
    closed_meetings: tuple[str, ...] = ()  # closed here: new comments for them are refused
    neutralised: int = 0  # values that began like a spreadsheet formula

    @property
    def blocked(self) -> bool:
        """Something here refuses the whole package (nothing is written)."""
        return self.unknown or bool(self.closed_meetings)

    @property
    def unknown(self) -> bool:
        return bool(
            self.unknown_wards
            or self.unknown_policies
            or self.unknown_departments
            or self.unknown_meetings
        )

    @property
    def can_import(self) -> bool:
        return not self.already_imported and not self.blocked

    def notes(self) -> list[str]:
        """What the import changes on the way in (not a reason to refuse)."""
        if not self.neutralised:
            return []
        return [
            _("表計算で数式として実行されないよう、先頭に ' を付けて取り込む値: {n} 件").format(
                n=self.neutralised
            )
        ]

    def problems(self) -> list[str]:
        """Why the package cannot be imported here, one line per kind of problem."""
        out = []
        if self.unknown_wards:
            out.append(
                _("このデータベースにない地区・区: {x}").format(x="、".join(self.unknown_wards))
            )
        if self.unknown_policies:
            out.append(
                _("このデータベースにない政策: {x}").format(x="、".join(self.unknown_policies))
            )
        if self.unknown_departments:
            out.append(
                _("このデータベースにない担当課: {x}").format(x="、".join(self.unknown_departments))
            )
        if self.unknown_meetings:
            out.append(
                _("パッケージに含まれない会議: {x}").format(x="、".join(self.unknown_meetings))
            )
        if self.closed_meetings:
            out.append(
                _(
                    "終了した会議への新しい意見があります"
                    "（会議を再開してから取り込んでください）: {x}"
                ).format(x="、".join(self.closed_meetings))
            )
        return out
