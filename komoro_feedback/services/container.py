"""The application's services over one database, built once by the composition root.

Each service is built (and its module imported) the first time it is used: a CLI command that
lists the catalog never loads ReportLab, Alembic or the Excel reader.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from komoro_feedback.services.actor import Actor
from komoro_feedback.store.database import Database

if TYPE_CHECKING:
    from komoro_feedback.services.access import AccessService
    from komoro_feedback.services.access_log_service import AccessLogService
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
    from komoro_feedback.services.reports.service import ReportService
    from komoro_feedback.services.setup_service import SetupService
    from komoro_feedback.services.similarity_service import SimilarityService
    from komoro_feedback.services.suggestion_service import SuggestionService
    from komoro_feedback.services.themes.service import ThemeService


class Services:
    """Passed explicitly to the window and the CLI; no globals. Services are built on first use."""

    def __init__(self, db: Database, actor: Actor, package_keys: PackageKeys | None = None) -> None:
        self.db = db
        self.actor = actor
        self.package_keys = package_keys

    @classmethod
    def build(
        cls, db: Database, actor: Actor, *, package_keys: PackageKeys | None = None
    ) -> Services:
        return cls(db, actor, package_keys)

    @cached_property
    def setup(self) -> SetupService:
        from komoro_feedback.services.setup_service import SetupService

        return SetupService(self.db, self.actor)

    @cached_property
    def catalog(self) -> CatalogService:
        from komoro_feedback.services.catalog_service import CatalogService

        return CatalogService(self.db, self.actor)

    @cached_property
    def meetings(self) -> MeetingService:
        from komoro_feedback.services.meeting_service import MeetingService

        return MeetingService(self.db, self.actor)

    @cached_property
    def comments(self) -> CommentService:
        from komoro_feedback.services.comment_service import CommentService

        return CommentService(self.db, self.actor)

    @cached_property
    def queries(self) -> QueryService:
        from komoro_feedback.services.query_service import QueryService

        return QueryService(self.db)

    @cached_property
    def backups(self) -> BackupService:
        from komoro_feedback.services.backup_service import BackupService

        return BackupService(self.db, self.actor)

    @cached_property
    def demo(self) -> DemoDataService:
        from komoro_feedback.services.demo_data_service import DemoDataService

        return DemoDataService(self.db, self.actor)

    @cached_property
    def suggestions(self) -> SuggestionService:
        from komoro_feedback.services.suggestion_service import SuggestionService

        return SuggestionService(self.db, self.actor)

    @cached_property
    def similar(self) -> SimilarityService:
        from komoro_feedback.services.similarity_service import SimilarityService

        return SimilarityService(self.db, self.actor)

    @cached_property
    def packages(self) -> PackageService:
        from komoro_feedback.services.package_service import PackageService

        return PackageService(self.db, self.actor, self.package_keys)

    @cached_property
    def changes(self) -> ChangeService:
        from komoro_feedback.services.change_service import ChangeService

        return ChangeService(self.db)

    @cached_property
    def reports(self) -> ReportService:
        from komoro_feedback.services.reports.service import ReportService

        return ReportService(
            self.db, self.catalog, self.queries, self.meetings, self.actor, self.themes
        )

    @cached_property
    def exports(self) -> ExportService:
        from komoro_feedback.services.export_service import ExportService

        return ExportService(self.db, self.catalog, self.queries, self.actor)

    @cached_property
    def imports(self) -> ImportService:
        from komoro_feedback.services.import_service import ImportService

        return ImportService(self.db, self.actor, self.catalog)

    @cached_property
    def privacy(self) -> PrivacyService:
        from komoro_feedback.services.privacy_service import PrivacyService

        return PrivacyService(self.db, self.actor)

    @cached_property
    def drafts(self) -> DraftService:
        from komoro_feedback.services.draft_service import DraftService

        return DraftService(self.db, self.actor)

    @cached_property
    def access(self) -> AccessService:
        from komoro_feedback.services.access import AccessService

        return AccessService(self.actor)

    @cached_property
    def identity(self) -> IdentityService:
        from komoro_feedback.services.identity_service import IdentityService

        return IdentityService(self.db, self.actor)

    @cached_property
    def access_log(self) -> AccessLogService:
        from komoro_feedback.services.access_log_service import AccessLogService

        return AccessLogService(self.db, self.actor)

    @cached_property
    def themes(self) -> ThemeService:
        from komoro_feedback.services.themes.service import ThemeService

        return ThemeService(self.db)

    @cached_property
    def publish(self) -> PublishService:
        from komoro_feedback.services.publish.service import PublishService

        return PublishService(self.db, self.actor, self.catalog)

    @cached_property
    def encryption(self) -> EncryptionService:
        from komoro_feedback.services.encryption_service import EncryptionService

        return EncryptionService(self.db, self.actor)

    def close(self) -> None:
        if "changes" in self.__dict__:  # only a built ChangeService has something to close
            self.changes.close()
        self.db.dispose()
