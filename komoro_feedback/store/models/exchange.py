"""Links, meeting packages (imports, conflicts, sync, keys), capture drafts and publication."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from komoro_feedback.store.models.base import Base


class CommentLinkRow(Base):
    """Comments with nearly the same content, linked so that one answer serves all."""

    __tablename__ = "comment_link"
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[str] = mapped_column(String(36), index=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    linked_by: Mapped[str] = mapped_column(String(100), default="")


class PackageImportRow(Base):
    """A meeting package (.komoro) imported into this database: makes imports idempotent."""

    __tablename__ = "package_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    origin: Mapped[str] = mapped_column(String(36), default="")
    file_name: Mapped[str] = mapped_column(String(400), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    comments_added: Mapped[int] = mapped_column(Integer, default=0)
    comments_updated: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)


class CommentConflictRow(Base):
    """An imported version of a comment that was also edited here: kept for a person to resolve."""

    __tablename__ = "comment_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    package_id: Mapped[str] = mapped_column(String(36), default="")
    origin: Mapped[str] = mapped_column(String(36), default="")
    incoming: Mapped[str] = mapped_column(Text)  # JSON of the incoming comment fields
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
    resolution: Mapped[str] = mapped_column(String(16), default="")  # "local" / "incoming"


class CommentSyncRow(Base):
    """The state of a comment last agreed with another installation through a package."""

    __tablename__ = "comment_sync"
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the synced fields
    local_version: Mapped[int] = mapped_column(Integer)  # comment.version right after the sync
    peer: Mapped[str] = mapped_column(String(36), default="")
    synced_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingKeyRow(Base):
    """The key under which another installation knows a meeting that came in a package."""

    __tablename__ = "meeting_key"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )


class CaptureDraftRow(Base):
    """What a recorder typed but has not saved, per meeting and workstation (issue 9).

    Kept in the database so that it is as durable (and, on an encrypted laptop, as protected)
    as the comments themselves.
    """

    __tablename__ = "capture_draft"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    station: Mapped[str] = mapped_column(String(200), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class CommentPublicationRow(Base):
    """How a comment may appear in 「市民の声と市の対応」: staff's wording, or left out.

    No row: published with the masked text. Kept apart from `comment` so that editing the
    public wording changes neither the comment's version nor its search index.
    """

    __tablename__ = "comment_publication"
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    public_text: Mapped[str] = mapped_column(Text, default="")  # "": the masked text
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
