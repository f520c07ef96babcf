"""The application's services over one database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from komoro_feedback.services.access import AccessService
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.backup_service import BackupService
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.change_service import ChangeService
from komoro_feedback.services.comment_service import CommentService
from komoro_feedback.services.demo_data_service import DemoDataService
from komoro_feedback.services.draft_service import DraftService
from komoro_feedback.services.encryption_service import EncryptionService
from komoro_feedback.services.export_service import ExportService
from komoro_feedback.services.identity_service import IdentityService
from komoro_feedback.services.import_service import ImportService
from komoro_feedback.services.meeting_service import MeetingService
from komoro_feedback.services.package_crypto import PackageKeys
from komoro_feedback.services.package_service import PackageService
from komoro_feedback.services.privacy_service import PrivacyService
from komoro_feedback.services.publish.service import PublishService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.report_service import ReportService
from komoro_feedback.services.setup_service import SetupService
from komoro_feedback.services.similarity_service import SimilarityService
from komoro_feedback.services.suggestion_service import SuggestionService
from komoro_feedback.services.themes.service import ThemeService
from komoro_feedback.store.database import Database


@dataclass
class Services:
    """Passed explicitly to the window and the CLI; no globals."""

    db: Database
    actor: Actor
    setup: SetupService
    catalog: CatalogService
    meetings: MeetingService
    comments: CommentService
    queries: QueryService
    backups: BackupService
    demo: DemoDataService
    suggestions: SuggestionService
    similar: SimilarityService
    packages: PackageService
    changes: ChangeService
    reports: ReportService
    exports: ExportService
    imports: ImportService
    privacy: PrivacyService
    drafts: DraftService
    access: AccessService
    identity: IdentityService
    access_log: AccessLogService
    themes: ThemeService
    publish: PublishService
    encryption: EncryptionService

    @classmethod
    def build(
        cls, db: Database, actor: Actor, *, package_keys: PackageKeys | None = None
    ) -> Services:
        catalog = CatalogService(db, actor)
        meetings = MeetingService(db, actor)
        queries = QueryService(db)
        themes = ThemeService(db)
        return cls(
            db=db,
            actor=actor,
            setup=SetupService(db, actor),
            catalog=catalog,
            meetings=meetings,
            comments=CommentService(db, actor),
            queries=queries,
            backups=BackupService(db, actor),
            demo=DemoDataService(db, actor),
            suggestions=SuggestionService(db, actor),
            similar=SimilarityService(db, actor),
            packages=PackageService(db, actor, package_keys),
            changes=ChangeService(db),
            reports=ReportService(db, catalog, queries, meetings, actor, themes),
            exports=ExportService(db, catalog, queries, actor),
            imports=ImportService(db, actor, catalog),
            privacy=PrivacyService(db, actor),
            drafts=DraftService(db, actor),
            access=AccessService(actor),
            identity=IdentityService(db, actor),
            access_log=AccessLogService(db, actor),
            themes=themes,
            publish=PublishService(db, actor, catalog),
            encryption=EncryptionService(db, actor),
        )

    def close(self) -> None:
        self.changes.close()
        self.db.dispose()
