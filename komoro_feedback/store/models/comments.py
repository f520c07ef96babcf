"""Comments and what hangs on them: policies, tally, speaker, status history, audit, access log,
settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from komoro_feedback.store.models.base import Base
from komoro_feedback.store.os_account import os_account


class CommentRow(Base):
    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_received", "received_on", "seq"),
        Index("ix_comment_ward_received", "ward_id", "received_on", "seq"),
        Index("ix_comment_policy_received", "primary_policy_id", "received_on", "seq"),
        Index("ix_comment_status_received", "status", "received_on", "seq"),
        Index("ix_comment_meeting_seq", "meeting_id", "seq"),
        Index("ix_comment_department", "department_id", "received_on", "seq"),
        # Covers grouped counts of a day range without touching the table: the edges of a
        # period that the tally (comment_tally) holds only by month and fiscal year.
        Index(
            "ix_comment_counts",
            "received_on",
            "primary_policy_id",
            "ward_id",
            "status",
            "kind",
            "deleted_at",
        ),
        # Covers the follow-up figures: overdue (due_on) and days to answer (answered_on).
        Index(
            "ix_comment_follow_up",
            "primary_policy_id",
            "ward_id",
            "status",
            "received_on",
            "due_on",
            "answered_on",
            "deleted_at",
        ),
        # The seq of deleted comments (few): searches exclude them without a table read per
        # hit (store/search_index.py).
        Index(
            "ix_comment_deleted",
            "seq",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Local row number: FTS rowid and key-set paging tie-breaker. Identity on PostgreSQL;
    # on SQLite the repository assigns it inside the (serialised) write transaction.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    channel: Mapped[str] = mapped_column(String(32))
    received_on: Mapped[date] = mapped_column(Date)
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    primary_policy_id: Mapped[int | None] = mapped_column(ForeignKey("policy.id"))
    needs_answer: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    spot_answer: Mapped[str] = mapped_column(Text, default="")
    age_band: Mapped[str] = mapped_column(String(16), default="")
    gender: Mapped[str] = mapped_column(String(16), default="")
    suggestion_accepted: Mapped[bool | None] = mapped_column(Boolean)
    origin: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: every UPDATE says "... AND version = :seen" and bumps it.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# Sort keys of the comment list, written with a literal 0 (not a bound parameter) so that the
# expression indexes below match the ORDER BY: a bound "coalesce(ward_id, ?)" matched no index
# and sorted a million rows per page (0.4 s; 17-21 s to row 5,000).
WARD_SORT = func.coalesce(CommentRow.ward_id, literal_column("0"))
POLICY_SORT = func.coalesce(CommentRow.primary_policy_id, literal_column("0"))
Index("ix_comment_sort_ward", WARD_SORT, CommentRow.seq)
Index("ix_comment_sort_policy", POLICY_SORT, CommentRow.seq)
Index("ix_comment_sort_kind", CommentRow.kind, CommentRow.seq)


class CommentTallyRow(Base):
    """Comments per (period bucket, policy, ward, status, kind, deleted): see store/tally_sql.py.

    Kept exact by triggers in the transaction that writes a comment; counts read it.
    """

    __tablename__ = "comment_tally"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - the key is the table
    bucket: Mapped[str] = mapped_column(String(8), primary_key=True)
    policy_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    deleted: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class CommentPolicyRow(Base):
    """A policy of a comment (primary or secondary), with copies of what a policy list
    filters and sorts by (store/policy_walk_sql.py: triggers write them, nobody else)."""

    __tablename__ = "comment_policy"
    __table_args__ = (
        Index("ix_comment_policy_policy", "policy_id", "comment_id"),
        # A policy's comments in received order with the other filters' columns: a list
        # filtered by policy (secondary ones included) reads no comment row to find a page.
        Index(
            "ix_comment_policy_walk",
            "policy_id",
            "received_on",
            "seq",
            "ward_id",
            "status",
            "deleted_at",
        ),
    )
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    policy_id: Mapped[int] = mapped_column(ForeignKey("policy.id"), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Copies of the comment's columns (None until the insert trigger has run).
    seq: Mapped[int | None] = mapped_column(BigInteger)
    received_on: Mapped[date | None] = mapped_column(Date)
    ward_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(32))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)


class SpeakerContactRow(Base):
    """Personal data, kept apart so that nothing joins it by accident."""

    __tablename__ = "speaker_contact"
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(400), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class StatusHistoryRow(Base):
    __tablename__ = "status_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditLogRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(64), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # On PostgreSQL a trigger overwrites this with session_user (db/versions/0005).
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    # The operating system account that ran the program, beside the chosen staff name.
    os_user: Mapped[str] = mapped_column(String(100), default=os_account, server_default="")


class PersonalDataAccessRow(Base):
    """One reveal or export of speakers' names and contacts: who, when, which comments, why."""

    __tablename__ = "personal_data_access"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accessed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # On PostgreSQL a trigger overwrites this with session_user, like audit_log.changed_by.
    accessed_by: Mapped[str] = mapped_column(String(100), default="")
    os_user: Mapped[str] = mapped_column(String(100), default=os_account, server_default="")
    kind: Mapped[str] = mapped_column(String(16))  # domain.access_log.AccessKind
    reason: Mapped[str] = mapped_column(String(32))  # domain.access_log.AccessReason
    note: Mapped[str] = mapped_column(Text, default="")
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_ids: Mapped[str] = mapped_column(Text, default="")  # space-separated ids


class SettingRow(Base):
    """Per-database facts such as the installation id used by meeting packages."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
