"""Fill a database with realistic synthetic meetings and comments, fast (bulk inserts)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert

from komoro_feedback.domain.enums import Channel, CommentKind, MeetingKind, Status
from komoro_feedback.domain.ids import new_comment_id
from komoro_feedback.domain.roles import Action
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.collector_pause import collector_paused
from komoro_feedback.services.demo_text import ANSWERS, demo_comment
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.bulk_writer import bulk_comments
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import (
    MeetingDistrictRow,
    MeetingRow,
)
from komoro_feedback.store.settings_repository import SettingsRepository

BATCH = 20_000
KIND_WEIGHTS = {
    CommentKind.REQUEST: 40,
    CommentKind.QUESTION: 20,
    CommentKind.OPINION: 18,
    CommentKind.PROPOSAL: 8,
    CommentKind.COMPLAINT: 8,
    CommentKind.THANKS: 4,
    CommentKind.OTHER: 2,
}
STATUS_WEIGHTS = {
    Status.RECEIVED: 15,
    Status.ROUTED: 15,
    Status.IN_PROGRESS: 15,
    Status.ANSWERED: 30,
    Status.DONE: 12,
    Status.NOT_FEASIBLE: 6,
    Status.NOTED: 7,
}
START = date(2024, 4, 1)
OTHER_CHANNELS = [c.value for c in (Channel.LETTER, Channel.PHONE, Channel.COUNTER, Channel.EMAIL)]


@dataclass(frozen=True, slots=True)
class DemoReport:
    """How much was generated and how long it took."""

    meetings: int
    comments: int
    seconds: float


class DemoDataService:
    """Synthetic data for demos and benchmarks; repeatable for a given seed."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.catalog = CatalogRepository()
        self._folded: dict[str, str] = {}

    @collector_paused()
    def generate(self, comments: int, seed: int = 1, *, end: date | None = None) -> DemoReport:
        self.actor.require(Action.CATALOG)
        started = datetime.now()
        rng = random.Random(seed)
        with self.db.read() as s:
            prog = self.catalog.programme(s)
            districts = self.catalog.districts(s)
            departments = self.catalog.departments(s)
            origin = SettingsRepository().get(s, "installation_id") or ""
        assert prog is not None, "run init first"
        policies = prog.policies()
        wards = [w for d in districts for w in d.wards]
        end = end or date.today()
        span = max((end - START).days, 1)
        kinds, kind_w = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        statuses, status_w = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        now = self.actor.now()
        meetings = self._meetings(rng, max(1, comments // 40), districts, span, now)

        def make(seqs: list[int]) -> dict[str, list[dict[str, Any]]]:
            weights = (kinds, kind_w, statuses, status_w)
            args = (policies, wards, meetings, departments, weights, span, now, origin)
            return self._rows(rng, seqs, *args)

        sizes = [min(BATCH, comments - made) for made in range(0, comments, BATCH)]
        # The next batch is made (one thread, so the same rows for a seed) while the database
        # takes the last one: the two overlap instead of waiting for each other.
        with bulk_comments(self.db) as writer, ThreadPoolExecutor(1) as maker:
            writer.binary = True  # _rows gives ints, dates, datetimes, bools and strs
            pending = maker.submit(make, writer.reserve(sizes[0])) if sizes else None
            for i in range(len(sizes)):
                assert pending is not None
                rows = pending.result()
                if i + 1 < len(sizes):
                    pending = maker.submit(make, writer.reserve(sizes[i + 1]))
                for table, batch in rows.items():
                    writer.write(table, batch)
        with self.db.write() as s:
            write_audit(
                s,
                entity="database",
                entity_id="demo",
                action="demo-data",
                changes=[("comments", "", comments)],
                user=self.actor.name,
                at=now,
            )
        return DemoReport(len(meetings), comments, (datetime.now() - started).total_seconds())

    def _meetings(
        self, rng: random.Random, n: int, districts: list[Any], span: int, now: datetime
    ) -> list[tuple[int, date, int]]:
        values: list[dict[str, Any]] = []
        picked: list[tuple[date, int]] = []
        for i in range(n):
            d = rng.choice(districts)
            day = START + timedelta(days=rng.randrange(span))
            values.append(
                {
                    "kind": (
                        MeetingKind.TOWN_MEETING if i % 3 else MeetingKind.DISTRICT_TALK
                    ).value,
                    "title": f"{d.name}地区タウンミーティング（{day.month}月）",
                    "held_at": datetime.combine(day, time(19, 0)),
                    "venue": f"{d.name}公民館",
                    "attendees": rng.randint(8, 80),
                    "recorder": "デモ記録係",
                    "notes": "",
                    "closed": day < now.date() - timedelta(days=7),
                    "created_at": now,
                    "created_by": self.actor.name,
                    "updated_at": now,
                }
            )
            picked.append((day, d.id))
        with self.db.write() as s:
            # One multi-row INSERT ... RETURNING per batch, ids in the order given (a round
            # trip per meeting made PostgreSQL loads wait on the network: 11 s of 42).
            ids = s.scalars(
                insert(MeetingRow).returning(MeetingRow.id, sort_by_parameter_order=True),
                values,
            ).all()
            s.execute(
                insert(MeetingDistrictRow),
                [
                    {"meeting_id": mid, "district_id": d}
                    for mid, (_day, d) in zip(ids, picked, strict=True)
                ],
            )
        return [(mid, day, d) for mid, (day, d) in zip(ids, picked, strict=True)]

    def _rows(
        self,
        rng: random.Random,
        seqs: list[int],
        policies: list[Any],
        wards: list[Any],
        meetings: list[tuple[int, date, int]],
        departments: list[Any],
        weights: tuple[list[Any], list[int], list[Any], list[int]],
        span: int,
        now: datetime,
        origin: str,
    ) -> dict[str, list[dict[str, Any]]]:
        kinds, kind_w, statuses, status_w = weights
        comment_rows: list[dict[str, Any]] = []
        policy_rows: list[dict[str, Any]] = []
        history_rows: list[dict[str, Any]] = []
        # The texts repeat (a policy's 10,000 demo comments hold ~3,400 distinct ones): each
        # is folded once (normalize_for_search was ~8 s of CPU per million comments).
        folded = self._folded
        if len(folded) > 200_000:
            folded.clear()
        fold = normalize_for_search
        for seq in seqs:
            cid = new_comment_id()
            ward = rng.choice(wards)
            city_wide = rng.random() < 0.06
            kind = rng.choices(kinds, kind_w)[0]
            status = rng.choices(statuses, status_w)[0]
            pol = rng.choice(policies)
            if rng.random() < 0.8:
                meeting_id, day, _d = rng.choice(meetings)
                channel = Channel.MEETING.value
            else:
                meeting_id, day = None, START + timedelta(days=rng.randrange(span))
                channel = rng.choice(OTHER_CHANNELS)
            body = demo_comment(rng, pol.code, kind.value, ward.name)
            routed = status is not Status.RECEIVED
            closed = not status.is_open
            row: dict[str, Any] = {
                "id": cid,
                "meeting_id": meeting_id,
                "channel": channel,
                "received_on": day,
                "ward_id": None if city_wide else ward.id,
                "kind": kind.value,
                "text": body,
                "search_text": folded.get(body) or folded.setdefault(body, fold(body)),
                "primary_policy_id": pol.id,
                "needs_answer": kind is not CommentKind.THANKS,
                "status": status.value,
                "department_id": rng.choice(departments).id if routed else None,
                "answer": rng.choice(ANSWERS) if closed else "",
                "answered_on": day + timedelta(days=rng.randint(7, 60)) if closed else None,
                "due_on": day + timedelta(days=30) if routed and not closed else None,
                "spot_answer": "",
                "age_band": "",
                "gender": "",
                "suggestion_accepted": None,
                "origin": origin,
                "created_at": now,
                "created_by": "demo",
                "updated_at": now,
                "updated_by": "demo",
                "deleted_at": None,
                "deleted_by": "",
                "version": 1,
            }
            row["seq"] = seq
            comment_rows.append(row)
            # What comment_policy carries of its comment (store/policy_walk_sql.py).
            carried = {
                "seq": seq,
                "received_on": day,
                "ward_id": row["ward_id"],
                "status": row["status"],
                "deleted_at": None,
            }
            policy_rows.append(
                {"comment_id": cid, "policy_id": pol.id, "is_primary": True, "position": 0}
                | carried
            )
            if rng.random() < 0.25:
                other = rng.choice(policies)
                if other.id != pol.id:
                    second = {"comment_id": cid, "policy_id": other.id, "is_primary": False}
                    policy_rows.append(second | {"position": 1} | carried)
            history_rows.append(
                {
                    "comment_id": cid,
                    "status": status.value,
                    "changed_at": now,
                    "changed_by": "demo",
                    "note": "",
                }
            )
        return {
            "comment": comment_rows,
            "comment_policy": policy_rows,
            "status_history": history_rows,
        }
