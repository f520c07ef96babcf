"""Keys of the app_setting table, shared by the ORM repositories and the quick read path."""

from __future__ import annotations

INSTALLATION_ID = "installation_id"
#: "1" when the administrator requires the laptop file to be encrypted (EncryptionService).
REQUIRE_ENCRYPTION = "require_encryption"
