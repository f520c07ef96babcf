"""Public wording per comment (edit, leave out) and the published version of a period."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from komoro_feedback.domain.errors import NotFoundError, ValidationError
from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.publication import (
    Publication,
    PublicWording,
    PublishedItem,
    PublishedPolicy,
    validated_public_text,
)
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import DateStyle
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.publish.names import NameMasker
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.comment_repository import CommentRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.publication_repository import AnsweredRow, PublicationRepository

FILE_STEM = "shimin-no-koe"


@dataclass(frozen=True, slots=True)
class PublishResult:
    pdf: Path
    html: Path
    items: int
    excluded: int
    pages: int


class PublishService:
    """Everything printed passes through `public()`: masking cannot be skipped by a caller."""

    def __init__(self, db: Database, actor: Actor, catalog: CatalogService) -> None:
        self.db = db
        self.actor = actor
        self.catalog = catalog
        self.repo = PublicationRepository()
        self.comments = CommentRepository()
        self._names: NameMasker | None = None

    def public(self, text: str, speaker: tuple[str, ...]) -> str:
        """Text fit to publish: phone numbers, e-mail, the speaker's and other names masked."""
        if self._names is None:
            self._names = NameMasker()
        return self._names(mask_personal_data(text, tuple(x for x in speaker if x)))

    # --- one comment ------------------------------------------------------------------------
    def wording(self, comment_id: str) -> PublicWording:
        with self.db.read() as s:
            c = self.comments.get(s, comment_id)
            if c is None:
                raise NotFoundError(_("意見が見つかりません。"))
            speaker = self.repo.speaker(s, comment_id)
            row = self.repo.get(s, comment_id)
        default = self.public(c.text, speaker)
        if row is None:
            return PublicWording(comment_id, default, "", False)
        return PublicWording(comment_id, default, row.public_text, row.excluded)

    def set_wording(self, comment_id: str, public_text: str, excluded: bool) -> PublicWording:
        """Store staff's wording ("" or the default text: back to the masked text)."""
        self.actor.require(Action.ROUTE)
        before = self.wording(comment_id)
        text = validated_public_text(public_text)
        if text == before.default_text:
            text = ""
        if (text, excluded) == (before.public_text, before.excluded):
            return before
        now = self.actor.now()
        with self.db.write() as s:
            self.repo.put(s, comment_id, text, excluded, self.actor.name, now)
            write_audit(
                s,
                entity="comment",
                entity_id=comment_id,
                action="publication",
                changes=[
                    ("public_text", before.public_text, text),
                    ("publish_excluded", before.excluded, excluded),
                ],
                user=self.actor.name,
                at=now,
            )
        return PublicWording(comment_id, before.default_text, text, excluded)

    # --- the whole publication --------------------------------------------------------------
    def publication(
        self, start: date | None, end: date | None, issued_on: date | None = None
    ) -> Publication:
        self.actor.require(Action.REPORTS)
        if start and end and start > end:
            raise ValidationError(_("期間の開始日が終了日より後になっています。"))
        with self.db.read() as s:
            rows = list(self.repo.answered(s, start, end))
        prog = self.catalog.programme()
        by_policy: dict[int | None, list[PublishedItem]] = {}
        excluded = 0
        for r in rows:
            if r.excluded:
                excluded += 1
                continue
            by_policy.setdefault(r.policy_id, []).append(self._item(r))
        return Publication(
            title=_("市民の声と市の対応"),
            period_start=start,
            period_end=end,
            issued_on=issued_on or date.today(),
            programme=prog.name,
            policies=tuple(self._grouped(by_policy)),
            excluded=excluded,
        )

    def write(
        self,
        start: date | None,
        end: date | None,
        out_dir: Path,
        *,
        style: DateStyle = "western",
        issued_on: date | None = None,
    ) -> PublishResult:
        """Write <out_dir>/shimin-no-koe.pdf and .html, each atomically."""
        pub = self.publication(start, end, issued_on)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        pdf, html = out_dir / f"{FILE_STEM}.pdf", out_dir / f"{FILE_STEM}.html"
        pages = 0

        # ReportLab loads when something is published, not with the app's window.
        from komoro_feedback.reports.publish_html import publication_html
        from komoro_feedback.reports.publish_report import build_publication_pdf

        def write_pdf(tmp: Path) -> None:
            nonlocal pages
            pages = build_publication_pdf(pub, str(tmp), style)

        _atomic(pdf, write_pdf)

        def write_html(tmp: Path) -> None:
            tmp.write_text(publication_html(pub, style), encoding="utf-8")

        _atomic(html, write_html)
        return PublishResult(pdf, html, pub.total, pub.excluded, pages)

    def _item(self, r: AnsweredRow) -> PublishedItem:
        speaker = (r.speaker_name, r.speaker_contact)
        # staff's wording is masked too: a name typed there must not slip through
        text = self.public(r.public_text or r.text, speaker)
        return PublishedItem(text, self.public(r.answer, speaker), r.department, r.answered_on)

    def _grouped(self, by_policy: dict[int | None, list[PublishedItem]]) -> list[PublishedPolicy]:
        out = []
        for prog in self.catalog.programmes():
            for pillar in prog.pillars:
                name = _("第{n}の柱　{name}").format(n=pillar.number, name=pillar.name)
                for p in pillar.policies:
                    if p.id in by_policy:
                        out.append(PublishedPolicy(p.code, p.title, name, tuple(by_policy[p.id])))
        if None in by_policy:
            out.append(PublishedPolicy("", _("政策の指定なし"), "", tuple(by_policy[None])))
        return out


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    fd, name = tempfile.mkstemp(prefix=".publish-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
