"""Offline meeting packages: a laptop (SQLite) exports, city hall (every backend) imports."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import CommentEdit, SpeakerContact
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import StorageError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_crypto import (
    KeyFileKeys,
    PassphraseKeys,
    read_header,
    seal,
    unseal,
)
from komoro_feedback.services.package_format import (
    PackageError,
    fingerprint,
    read_package,
    write_package,
)
from komoro_feedback.store.database import Database
from tests.helpers import (
    PURPOSE,
    TEST_PACKAGE_KEYS,
    assert_policy_copies_exact,
    assert_tally_exact,
    audit_user,
    meeting,
    record,
)


def _evening(laptop: Services) -> tuple[int, list[str]]:
    mid = meeting(laptop, "東小諸地区タウンミーティング", date(2026, 11, 20))
    ids = [
        record(laptop, "保育園の送迎で道が混む", meeting_id=mid).id,
        record(
            laptop,
            "ﾊﾞｽの本数を増やしてほしい",
            ward="乙女",
            policies=("1-04", "2-01"),
            meeting_id=mid,
            speaker=SpeakerContact("小諸太郎", "0267-00-0000"),
        ).id,
        record(laptop, "公民館のトイレが古い", ward=None, policies=(), meeting_id=mid).id,
    ]
    return mid, ids


def test_import_twice_gives_one_copy_of_each_comment(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, ids = _evening(laptop)
    out = laptop.packages.export_meeting(mid, tmp_path / "evening.komoro")
    assert out.comments == 3 and out.meetings == 1

    preview = services.packages.preview(out.path)
    assert len(preview.added) == 3 and preview.meetings_new == 1 and preview.can_import
    assert services.queries.count(CommentFilter()) == 0  # a preview writes nothing

    services.packages.import_package(out.path)
    again = services.packages.import_package(out.path)
    assert again.already_imported
    assert services.queries.count(CommentFilter()) == 3
    # A second, different package with the same comments adds nothing either.
    out2 = laptop.packages.export_meeting(mid, tmp_path / "again.komoro")
    p2 = services.packages.import_package(out2.path)
    assert p2.unchanged == 3 and not p2.added
    assert services.queries.count(CommentFilter()) == 3
    assert len(services.meetings.list()) == 1

    got = services.comments.get(ids[1])
    assert got.text == "ﾊﾞｽの本数を増やしてほしい"
    assert got.policy_codes == ("1-04", "2-01") and got.ward_name == "乙女"
    assert got.meeting_title == "東小諸地区タウンミーティング"
    assert got.created_by == "記録係A"
    # Search works on imported comments (the search index is kept by the database).
    assert services.queries.count(CommentFilter(text="バス")) == 1
    # Speaker contacts stay on the laptop unless asked for.
    assert services.comments.speaker(ids[1], PURPOSE) is None
    history = services.comments.history(ids[0])
    assert [h.status for h in history.statuses] == [Status.RECEIVED]
    mark = f"[via package {out.package_id[:8]} from "
    by = audit_user(services, "記録係A")
    if by == "記録係A":  # SQLite: the laptop's word, marked with the package it came in
        assert any(
            a.action == "create" and a.changed_by.startswith(f"記録係A {mark}")
            for a in history.audit
        )
    else:  # PostgreSQL: the server names whoever imported it first, then the laptop's claim
        assert any(
            a.action == "create" and a.changed_by.startswith(f"{by} ← 記録係A {mark}")
            for a in history.audit
        )


def test_speakers_only_with_the_explicit_option(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, ids = _evening(laptop)
    plain = laptop.packages.export_meeting(mid, tmp_path / "plain.komoro")
    assert "小諸太郎" not in json.dumps(_open(plain.path)[1], ensure_ascii=False)
    assert laptop.access_log.entries() == []  # without names, nothing to log
    full = laptop.packages.export_meeting(mid, tmp_path / "full.komoro", with_speakers=True)
    assert "小諸太郎" in json.dumps(_open(full.path)[1], ensure_ascii=False)
    [logged] = laptop.access_log.entries()  # names left the laptop: who, when, which, why
    assert logged.kind.value == "export" and logged.comment_ids == (ids[1],)
    assert "パッケージ" in logged.note
    raw = full.path.read_bytes()  # on the USB stick: encrypted, no name, no text
    for secret in ("小諸太郎", "0267-00-0000", "保育園の送迎"):
        for encoding in ("utf-8", "utf-16-le", "shift_jis"):
            assert secret.encode(encoding) not in raw
    services.packages.import_package(full.path)
    assert services.comments.speaker(ids[1], PURPOSE) == SpeakerContact("小諸太郎", "0267-00-0000")


def test_edit_on_laptop_after_import_updates_city_hall(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, ids = _evening(laptop)
    services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "a.komoro").path
    )
    c = laptop.comments.get(ids[0])
    laptop.comments.edit(CommentEdit(c.id, c.version, text="保育園の送迎で朝の道が混む"))
    p = services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "b.komoro").path
    )
    assert p.updated == (ids[0],) and not p.conflicts
    assert services.comments.get(ids[0]).text == "保育園の送迎で朝の道が混む"


def test_edited_on_both_sides_is_a_conflict_not_a_silent_overwrite(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, ids = _evening(laptop)
    services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "a.komoro").path
    )
    here = services.comments.get(ids[0])
    services.comments.answer(here.id, here.version, "市道の拡幅を検討します。")
    there = laptop.comments.get(ids[0])
    laptop.comments.edit(CommentEdit(there.id, there.version, text="保育園の送迎で夕方も混む"))

    pkg = laptop.packages.export_meeting(mid, tmp_path / "b.komoro")
    preview = services.packages.preview(pkg.path)
    assert preview.conflicts == (ids[0],)
    services.packages.import_package(pkg.path)
    local = services.comments.get(ids[0])
    assert local.answer == "市道の拡幅を検討します。"  # the local edit is kept
    assert local.text == "保育園の送迎で道が混む"

    [conflict] = services.packages.conflicts()
    detail = services.packages.conflict(conflict.id)
    texts = {f.label: (f.local, f.incoming) for f in detail.fields}
    assert texts["本文"] == ("保育園の送迎で道が混む", "保育園の送迎で夕方も混む")
    assert texts["回答"][0] == "市道の拡幅を検討します。"

    services.packages.resolve(conflict.id, "incoming")
    taken = services.comments.get(ids[0])
    assert taken.text == "保育園の送迎で夕方も混む"
    assert taken.version > local.version
    assert services.packages.conflicts() == []
    assert any(a.action == "resolve" for a in services.comments.history(ids[0]).audit)
    # Importing the same version again does not bring the conflict back.
    again = laptop.packages.export_meeting(mid, tmp_path / "c.komoro")
    assert not services.packages.import_package(again.path).conflicts


def test_keep_local_leaves_the_comment_and_records_the_decision(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, ids = _evening(laptop)
    services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "a.komoro").path
    )
    here = services.comments.get(ids[2])
    services.comments.edit(CommentEdit(here.id, here.version, text="公民館のトイレを洋式に"))
    there = laptop.comments.get(ids[2])
    laptop.comments.edit(CommentEdit(there.id, there.version, text="公民館のトイレが寒い"))
    services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "b.komoro").path
    )
    [conflict] = services.packages.conflicts()
    services.packages.resolve(conflict.id, "local")
    assert services.comments.get(ids[2]).text == "公民館のトイレを洋式に"
    assert services.packages.conflicts(open_only=False)[0].resolution == "local"
    again = laptop.packages.export_meeting(mid, tmp_path / "c.komoro")
    assert not services.packages.import_package(again.path).conflicts


def test_round_trip_city_hall_to_laptop_and_back(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """A comment that started at city hall, edited offline, comes back as an update."""
    mid = meeting(services, "市役所で作った会議", date(2026, 11, 21))
    c = record(services, "図書館の開館時間を延ばしてほしい", meeting_id=mid)
    laptop.packages.import_package(
        services.packages.export_meeting(mid, tmp_path / "1.komoro").path
    )
    there = laptop.comments.get(c.id)
    laptop.comments.change_status(there.id, there.version, Status.ROUTED, "確認中")
    p = services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "2.komoro").path
    )
    assert p.updated == (c.id,) and p.meetings_new == 0
    assert services.comments.get(c.id).status is Status.ROUTED
    assert len(services.meetings.list()) == 1


def test_date_range_export(laptop: Services, services: Services, tmp_path: Path) -> None:
    record(laptop, "十月の意見", received=date(2026, 10, 5))
    record(laptop, "十一月の意見", received=date(2026, 11, 5))
    out = laptop.packages.export_range(date(2026, 11, 1), date(2026, 11, 30), tmp_path / "n.komoro")
    assert out.comments == 1
    services.packages.import_package(out.path)
    assert services.queries.count(CommentFilter(text="十一月")) == 1
    assert services.queries.count(CommentFilter()) == 1


def test_unknown_ward_is_reported_before_anything_is_written(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    ward = laptop.catalog.add_ward(laptop.catalog.district_by_name("中央(東南部)").id, "新しい区")
    mid = meeting(laptop)
    record(laptop, "新しい区の街灯", ward=ward.name, meeting_id=mid)
    record(laptop, "ふつうの意見", meeting_id=mid)
    pkg = laptop.packages.export_meeting(mid, tmp_path / "w.komoro")
    preview = services.packages.preview(pkg.path)
    assert preview.unknown_wards == ("中央(東南部) 新しい区",) and not preview.can_import
    with pytest.raises(PackageError, match="新しい区"):
        services.packages.import_package(pkg.path)
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []


def _open(path: Path) -> tuple[dict, dict]:
    """What a key holder reads in a package: its manifest and content."""
    header, head, body = read_header(path.read_bytes())
    whole = json.loads(unseal(TEST_PACKAGE_KEYS, header, head, body))
    return whole["manifest"], whole["content"]


def test_broken_files_change_nothing_and_say_why(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, _ids = _evening(laptop)
    good = laptop.packages.export_meeting(mid, tmp_path / "good.komoro").path
    raw = good.read_bytes()
    header, head, _body = read_header(raw)

    def variant(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    flipped = bytearray(raw)
    flipped[len(raw) - 40] ^= 0x01  # one bit inside the compressed, encrypted content
    newer_head = json.dumps({**header, "format_version": 99}).encode()
    cases = {
        variant("truncated.komoro", raw[: len(raw) // 2]): "書き換えられているか、壊れています",
        variant("cut-header.komoro", raw[:30]): "壊れているか、途中で切れています",
        variant("garbage.komoro", b"this is not a package"): "壊れているか、途中で切れています",
        variant("flipped.komoro", bytes(flipped)): "書き換えられているか、壊れています",
        variant(
            "newer.komoro",
            raw.replace(head, newer_head).replace(
                len(head).to_bytes(4, "big"), len(newer_head).to_bytes(4, "big"), 1
            ),
        ): "新しいバージョンのアプリ",
        tmp_path / "missing.komoro": "見つかりません",
    }
    for path, why in cases.items():
        for attempt in (services.packages.preview, services.packages.import_package):
            with pytest.raises(PackageError, match=why) as caught:
                attempt(path)
            assert "\n" not in str(caught.value)  # one line
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []


def test_forged_content_is_refused_whatever_its_checksum_says(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """The attacks of the issue: an old-format zip with edited content and its SHA-256
    recomputed; the same content sealed with a key the city did not hand out."""
    mid, _ids = _evening(laptop)
    good = laptop.packages.export_meeting(mid, tmp_path / "good.komoro").path
    manifest, content = _open(good)
    content["comments"][0]["text"] = "市長の偽の意見"
    body = json.dumps(content, ensure_ascii=False).encode("utf-8")
    old = tmp_path / "old-format.komoro"
    with zipfile.ZipFile(old, "w") as zf:
        v1 = {**manifest, "format_version": 1, "content_sha256": hashlib.sha256(body).hexdigest()}
        zf.writestr("manifest.json", json.dumps(v1))
        zf.writestr("content.json", body)
    with pytest.raises(PackageError, match="古い形式"):
        services.packages.import_package(old)

    other_key = tmp_path / "attacker.key"
    write_package(tmp_path / "other.komoro", manifest, content, KeyFileKeys.create(other_key))
    with pytest.raises(PackageError, match="別の鍵"):
        services.packages.import_package(tmp_path / "other.komoro")
    with pytest.raises(PackageError, match="パスフレーズで保護"):
        services.packages.import_package(
            laptop.packages.export_meeting(
                mid, tmp_path / "pp.komoro", keys=PassphraseKeys("浅間山2026")
            ).path
        )
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []


def test_a_passphrase_package_needs_the_same_passphrase(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, _ids = _evening(laptop)
    out = laptop.packages.export_meeting(
        mid, tmp_path / "p.komoro", keys=PassphraseKeys("浅間山2026")
    )
    with pytest.raises(PackageError, match="別の鍵またはパスフレーズ"):
        services.packages.preview(out.path, keys=PassphraseKeys("浅間山2025"))
    with pytest.raises(PackageError, match="鍵ファイルで保護"):
        services.packages.preview(
            laptop.packages.export_meeting(mid, tmp_path / "k.komoro").path,
            keys=PassphraseKeys("浅間山2026"),
        )
    p = services.packages.import_package(out.path, keys=PassphraseKeys("浅間山2026"))
    assert len(p.added) == 3


def test_a_key_holders_package_still_follows_the_rules_of_recording(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """Another tool (or a leaked key) seals content the forms would refuse."""
    mid, ids = _evening(laptop)
    good = laptop.packages.export_meeting(mid, tmp_path / "good.komoro").path
    manifest, content = _open(good)

    long = json.loads(json.dumps(content))
    long["comments"][0]["text"] = "=" + "あ" * 200_024
    write_package(tmp_path / "long.komoro", manifest, long, TEST_PACKAGE_KEYS)
    with pytest.raises(PackageError, match="長すぎます"):
        services.packages.import_package(tmp_path / "long.komoro")
    assert services.queries.count(CommentFilter()) == 0

    formula = json.loads(json.dumps(content))
    formula["comments"][0]["text"] = '=HYPERLINK("http://example.invalid","詳細")'
    formula["comments"][1]["answer"] = "@SUM(A1)"
    formula["audit"].append(
        {
            "entity": "comment",
            "entity_id": ids[2],
            "action": "update",
            "field": "status",
            "before": "受付",
            "after": "対応済",
            "changed_at": "2020-04-01T09:00:00",
            "changed_by": "市長",
        }
    )
    write_package(tmp_path / "formula.komoro", manifest, formula, TEST_PACKAGE_KEYS)
    p = services.packages.import_package(tmp_path / "formula.komoro")
    assert p.neutralised == 2 and len(p.added) == 3 and "2 件" in p.notes()[0]
    assert services.comments.get(ids[0]).text == '\'=HYPERLINK("http://example.invalid","詳細")'
    assert services.comments.get(ids[1]).answer == "'@SUM(A1)"
    # The forged row is there (the package's word) but says where it came from.
    audit = services.comments.history(ids[2]).audit
    [forged] = [a for a in audit if a.changed_at.year == 2020]
    claim = f"市長 [via package {manifest['package_id'][:8]} from " + (
        f"{manifest['installation_id'][:8]}]"
    )
    # On PostgreSQL the server's login comes first; the laptop's word stays, marked.
    login = audit_user(services, None) if services.db.is_postgresql else ""
    assert forged.changed_by == (f"{login} ← {claim}" if login else claim)
    assert all("via package" in a.changed_by for a in audit if a.action != "import")


def test_no_new_comments_into_a_meeting_closed_here(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    mid, _ids = _evening(laptop)
    services.packages.import_package(
        laptop.packages.export_meeting(mid, tmp_path / "a.komoro").path
    )
    [here] = services.meetings.list()
    services.meetings.set_closed(here.id, True)
    late = record(laptop, "遅れて入力した意見", meeting_id=mid).id
    pkg = laptop.packages.export_meeting(mid, tmp_path / "b.komoro").path
    preview = services.packages.preview(pkg)
    assert preview.closed_meetings == ("東小諸地区タウンミーティング",) and not preview.can_import
    with pytest.raises(PackageError, match="終了した会議"):
        services.packages.import_package(pkg)
    assert services.queries.count(CommentFilter()) == 3
    services.meetings.set_closed(here.id, False)  # reopened: the late comment may come in
    assert services.packages.import_package(pkg).added == (late,)


def test_a_comment_never_exchanged_changes_only_through_the_conflict_path(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """A package naming a city-hall comment, claiming to start from its current version."""
    c = record(services, "市役所で受けた意見")
    mid, _ids = _evening(laptop)
    manifest, content = _open(laptop.packages.export_meeting(mid, tmp_path / "a.komoro").path)
    local = services.packages.repo
    with services.db.read() as s:
        installation = services.packages._installation(s)
        [rec] = local.export_comments(s, [c.id], installation, with_speakers=False)
    rec["base_fingerprint"] = fingerprint(rec)
    rec["text"] = "書き換えられた意見"
    rec["meeting_key"] = None
    content["comments"].append(rec)
    write_package(tmp_path / "over.komoro", manifest, content, TEST_PACKAGE_KEYS)
    p = services.packages.import_package(tmp_path / "over.komoro")
    assert p.conflicts == (c.id,) and not p.updated
    assert services.comments.get(c.id).text == "市役所で受けた意見"


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "つぶやき"), ("suggestion_accepted", "yes"), ("created_by", 5), ("origin", None)],
)
def test_a_bad_record_is_reported_before_anything_is_written(
    laptop: Services, services: Services, tmp_path: Path, field: str, value: object
) -> None:
    """A sealed file with one unusable comment (another tool made it): a value that is not
    of its field's kind is refused, naming the comment (the rows go in typed, binary COPY)."""
    mid, ids = _evening(laptop)
    good = laptop.packages.export_meeting(mid, tmp_path / "good.komoro").path
    manifest, content = _open(good)
    content["comments"][2][field] = value
    bad = tmp_path / "bad.komoro"
    write_package(bad, manifest, content, TEST_PACKAGE_KEYS)
    with pytest.raises(PackageError, match=ids[2]):
        services.packages.import_package(bad)
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attendees", "12"),
        ("attendees", -1),
        ("closed", "false"),
        ("created_by", None),
        ("created_at", "yesterday"),
    ],
)
def test_a_bad_meeting_is_reported_before_anything_is_written(
    laptop: Services, services: Services, tmp_path: Path, field: str, value: object
) -> None:
    """The meeting's values go in typed as well: "false" is not a closed flag to guess at."""
    mid, _ids = _evening(laptop)
    manifest, content = _open(laptop.packages.export_meeting(mid, tmp_path / "g.komoro").path)
    content["meetings"][0][field] = value
    bad = tmp_path / "bad.komoro"
    write_package(bad, manifest, content, TEST_PACKAGE_KEYS)
    with pytest.raises(PackageError, match=f"会議「.+」の内容が正しくありません（{field}）"):
        services.packages.import_package(bad)
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []


def test_text_no_column_can_hold_is_refused_as_broken_json(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """Another tool wrote a lone surrogate escape into a comment (json.loads let it through,
    and the write then failed on its encoding): refused as unreadable, nothing written."""
    mid, _ids = _evening(laptop)
    manifest, content = _open(laptop.packages.export_meeting(mid, tmp_path / "g.komoro").path)
    content["comments"][0]["text"] = "切れた絵文字 \ud83d"
    payload = json.dumps({"manifest": manifest, "content": content}).encode("ascii")
    bad = tmp_path / "surrogate.komoro"
    bad.write_bytes(seal(TEST_PACKAGE_KEYS, {"format": "komoro-package"}, payload))
    with pytest.raises(PackageError, match="JSONが壊れています"):
        services.packages.import_package(bad)
    assert services.queries.count(CommentFilter()) == 0


def test_times_with_an_offset_arrive_as_the_wall_clock_time_they_name(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """Another tool may write "+09:00" after a time: the comment and its history arrive with
    the time as written (as PostgreSQL reads such text into a timestamp), not refused."""
    mid, _ids = _evening(laptop)
    good = laptop.packages.export_meeting(mid, tmp_path / "good.komoro").path
    manifest, content = _open(good)
    rec = content["comments"][0]
    written = datetime.fromisoformat(rec["updated_at"])
    rec["updated_at"] += "+09:00"
    for entry in content["status_history"]:
        entry["changed_at"] += "+09:00"
    offset = tmp_path / "offset.komoro"
    write_package(offset, manifest, content, TEST_PACKAGE_KEYS)
    assert len(services.packages.import_package(offset).added) == 3
    assert services.comments.get(rec["id"]).updated_at == written


def test_laptop_copied_from_the_same_database_keeps_meetings_apart(
    sqlite_template: Path, services: Services, tmp_path: Path
) -> None:
    """A laptop set up by copying the database shares its installation id (and meeting ids)."""
    path = tmp_path / "copy.sqlite3"
    shutil.copy(sqlite_template, path)
    hour_ago = Actor(
        "記録係B", clock=lambda: datetime.now().replace(microsecond=0) - timedelta(hours=1)
    )
    copy = Services.build(Database(f"sqlite:///{path}"), hour_ago, package_keys=TEST_PACKAGE_KEYS)
    try:
        here = meeting(services, "市役所で作った会議", date(2026, 11, 21))
        there = meeting(copy, "公民館で作った会議", date(2026, 11, 22))
        assert here == there  # the same local id on both
        c = record(copy, "公民館の駐車場が狭い", meeting_id=there)
        services.packages.import_package(
            copy.packages.export_meeting(there, tmp_path / "p.komoro").path
        )
        assert services.comments.get(c.id).meeting_title == "公民館で作った会議"
        assert sorted(m.title for m in services.meetings.list()) == [
            "公民館で作った会議",
            "市役所で作った会議",
        ]
    finally:
        copy.close()


def test_every_flipped_bit_and_every_cut_is_refused_with_a_message(tmp_path: Path) -> None:
    """Each byte of a small package flipped, and the file cut at each length: always a
    PackageError (one line for the user), never accepted, never another exception."""
    path = tmp_path / "small.komoro"
    manifest = {"format": "komoro-package", "package_id": "p", "installation_id": "i"}
    content: dict = {"meetings": [], "comments": [], "status_history": [], "audit": []}
    write_package(path, manifest, content, TEST_PACKAGE_KEYS)
    raw = path.read_bytes()
    variants = [raw[:i] for i in range(len(raw))]
    for i in range(len(raw)):
        for bit in (0x01, 0x40):
            changed = bytearray(raw)
            changed[i] ^= bit
            variants.append(bytes(changed))
    for data in variants:
        path.write_bytes(data)
        with pytest.raises(PackageError) as caught:
            read_package(path, TEST_PACKAGE_KEYS)
        assert "\n" not in str(caught.value)


def _table(sv: Services, sql: str) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with sv.db.read() as s:
        return sorted(tuple(r) for r in s.execute(text(sql)))


@pytest.mark.parametrize("held", [0, 300])
def test_a_big_package_arrives_whole_and_in_sync(
    laptop: Services, services: Services, tmp_path: Path, held: int
) -> None:
    """Hundreds of comments written in bulk (into an empty table: indexes, tally and search
    rebuilt after; into a bigger one: row by row): every column, policy, speaker, history
    and audit row as on the laptop; tally, search and what comment_policy carries exact; and
    the next package of the same comments finds them in sync (an edit on both sides is a
    conflict, nothing else changes)."""
    services_own: list[str] = []
    if held:
        services.demo.generate(held, seed=8, end=date(2026, 6, 30))
        services_own = services.queries.ids(CommentFilter())
    laptop.demo.generate(240, seed=7, end=date(2026, 6, 30))
    _mid, ids = _evening(laptop)
    out = laptop.packages.export_range(None, None, tmp_path / "all.komoro", with_speakers=True)
    p = services.packages.import_package(out.path)
    assert len(p.added) == 243 and not p.conflicts
    for cid in [*ids, *laptop.queries.ids(CommentFilter(), limit=20)]:
        here, there = services.comments.get(cid), laptop.comments.get(cid)
        assert replace(here, seq=0, meeting_id=None) == replace(there, seq=0, meeting_id=None)
    assert services.comments.speaker(ids[1], PURPOSE) == SpeakerContact("小諸太郎", "0267-00-0000")
    theirs = "1 = 1"
    if held:  # only the laptop's comments: those not among city hall's own demo rows
        theirs = f"comment_id NOT IN ({', '.join(repr(i) for i in services_own)})"
    policies = (
        f"SELECT comment_id, policy_id, is_primary, position FROM comment_policy WHERE {theirs}"
    )
    assert _table(services, policies) == _table(laptop, policies)
    history = f"SELECT comment_id, status, note FROM status_history WHERE {theirs}"
    assert _table(services, history) == _table(laptop, history)
    audit = (
        "SELECT entity_id, action, field, before, after FROM audit_log "
        f"WHERE entity = 'comment' AND {theirs.replace('comment_id', 'entity_id')}"
    )
    assert _table(services, audit) == _table(laptop, audit)
    assert_tally_exact(services)
    assert_policy_copies_exact(services)
    for term in ("バス", "保育", "愛のりくん"):
        found = set(services.queries.ids(CommentFilter(text=term))) - set(services_own)
        assert found == set(laptop.queries.ids(CommentFilter(text=term)))
    # Edited on both sides since: a conflict for a person, not an overwrite of city hall's;
    # every other comment is found in sync (nothing added, nothing updated).
    here = services.comments.get(ids[0])
    services.comments.edit(CommentEdit(here.id, here.version, text="市役所で直した本文"))
    there = laptop.comments.get(ids[0])
    laptop.comments.edit(CommentEdit(there.id, there.version, text="ノートPCで直した本文"))
    p2 = services.packages.import_package(
        laptop.packages.export_range(None, None, tmp_path / "again.komoro").path
    )
    assert p2.conflicts == (ids[0],) and not p2.updated and not p2.added
    assert p2.unchanged == 242
    assert services.queries.count(CommentFilter()) == held + 243
    assert services.comments.get(ids[0]).text == "市役所で直した本文"


def test_a_package_that_fails_while_writing_leaves_nothing(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """All or nothing also when the database refuses rows mid-write (here a trigger stands in
    for a full disk on the last table written): no comment, meeting or history stays."""
    from sqlalchemy import text

    mid, _ids = _evening(laptop)
    out = laptop.packages.export_meeting(mid, tmp_path / "a.komoro")
    if services.db.is_sqlite:
        refuse = [
            "CREATE TRIGGER refuse BEFORE INSERT ON comment_sync BEGIN SELECT RAISE(ABORT, 'full'); END"
        ]
        allow = ["DROP TRIGGER refuse"]
    else:
        refuse = [
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'full'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON comment_sync EXECUTE FUNCTION refuse()",
        ]
        allow = ["DROP TRIGGER refuse ON comment_sync", "DROP FUNCTION refuse()"]
    with services.db.write() as s:
        for sql in refuse:
            s.execute(text(sql))
    with pytest.raises(StorageError):
        services.packages.import_package(out.path)
    assert services.queries.count(CommentFilter()) == 0
    assert services.meetings.list() == []
    assert _table(services, "SELECT count(*) FROM status_history") == [(0,)]
    assert _table(services, "SELECT count(*) FROM comment_policy") == [(0,)]
    assert_tally_exact(services)
    with services.db.write() as s:
        for sql in allow:
            s.execute(text(sql))
    assert len(services.packages.import_package(out.path).added) == 3


def test_a_fingerprint_is_what_every_earlier_version_computed() -> None:
    """Fingerprints are stored and compared across installations running different
    versions: the same record must always give the same one (this value was computed by
    json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":")))."""
    rec = {
        "text": '駅前の「道路」に街灯を\n"夜" \\ 暗い',
        "kind": "request",
        "status": "open",
        "channel": "meeting",
        "received_on": "2026-04-01",
        "ward": ["小諸", "市町"],
        "policies": [["1", "1-1"], ["2", "2-3"]],
        "meeting_key": "k1",
        "department": None,
        "needs_answer": True,
        "spot_answer": "",
        "answer": "",
        "answered_on": None,
        "due_on": None,
        "age_band": "",
        "gender": "",
        "suggestion_accepted": None,
        "deleted": False,
        "id": "not part of it",
        "version": 3,
    }
    expected = "66dc2d6c2896e89c61833be5021735b088f3553a0aab5a2686b8ff2305c966bd"
    assert fingerprint(rec) == expected
    assert fingerprint({**rec, "id": "other", "version": 4}) == expected
    assert fingerprint({**rec, "text": rec["text"] + "。"}) != expected
