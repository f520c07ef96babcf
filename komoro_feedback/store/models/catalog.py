"""The programme, the city's districts and wards, departments, staff and meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from komoro_feedback.store.models.base import Base


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
