"""SQLAlchemy 2 typed models: the schema that the Alembic revisions in db/ create."""

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
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from komoro_feedback.store.os_account import os_account

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Objects the search revision creates outside the ORM (FTS5 on SQLite); autogenerate skips them.
SEARCH_OBJECT_PREFIX = "comment_fts"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ProgrammeRow(Base):
    __tablename__ = "programme"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(100), default="")
    published: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    vision: Mapped[str] = mapped_column(Text, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


class StanceRow(Base):
    __tablename__ = "stance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class PillarRow(Base):
    __tablename__ = "pillar"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(100))
    intro: Mapped[str] = mapped_column(Text, default="")


class PolicyRow(Base):
    __tablename__ = "policy"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillar.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    mark: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(8))


class DistrictRow(Base):
    __tablename__ = "district"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer)


class WardRow(Base):
    __tablename__ = "ward"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="ward")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"))
    merged_on: Mapped[date | None] = mapped_column(Date)
    #: The name in katakana, so a ward is found by how it is said (おとめ finds 乙女).
    reading: Mapped[str] = mapped_column(String(100), default="", server_default="")


class DepartmentRow(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StaffRow(Base):
    __tablename__ = "staff"
    __table_args__ = (Index("ix_staff_login_name", "login_name", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # domain.roles.Role value: what this person may do (docs/roles.md).
    role: Mapped[str] = mapped_column(String(16), default="recorder", server_default="recorder")
    # Their PostgreSQL login (session_user), when they sign in to the city hall server.
    login_name: Mapped[str | None] = mapped_column(String(100))


class MeetingRow(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    held_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    attendees: Mapped[int | None] = mapped_column(Integer)
    recorder: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingDistrictRow(Base):
    __tablename__ = "meeting_district"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), primary_key=True)


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


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic autogenerate filter: the search index objects are managed by hand."""
    return not (name or "").startswith(SEARCH_OBJECT_PREFIX)


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
