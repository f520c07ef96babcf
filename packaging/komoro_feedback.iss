; Inno Setup 6 script: a per-user install of the one-folder build, no administrator rights.
; Build dist\komoro-feedback first (python scripts\dev.py bundle), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\komoro_feedback.iss
; Output: dist\installer\komoro-feedback-setup-<version>.exe
; Not run on the project's machines (no Windows there): see docs/deploy-windows.md.

#define AppName "Komoro Feedback"
#define AppVersion "0.1.0"
#define AppPublisher "Komoro City"

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{6C1F6B1E-3C55-4F0B-9A4E-2F6D7E1B9C42}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
; Per user: %LOCALAPPDATA%\Programs\KomoroFeedback, Start menu of this user, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\KomoroFeedback
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=komoro-feedback-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
UninstallDisplayIcon={app}\komoro-feedback-app.exe
; Sign the installer and the uninstaller with the city's certificate when one is configured:
;   ISCC /Ssigntool="signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" ...
; SignTool=signtool

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\komoro-feedback\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\komoro-feedback-app.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\komoro-feedback-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\komoro-feedback-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's data (database, settings, backups, logs under %LOCALAPPDATA%\KomoroFeedback) is
; not removed on uninstall: it is the city's record.
