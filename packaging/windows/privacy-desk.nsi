; Privacy Desk: a per-user Windows installer around the PyInstaller onedir.
;
; Built by packaging/build.py on a Windows runner; makensis on Linux compiles it too
; (tests/packaging/test_windows_installer_script.py), which checks the script, not the
; Windows build. Everything that changes per build comes in as a define:
;
;   makensis -DVERSION=0.1.0 -DAPP_ID=org.privacydesk.PrivacyDesk "-DAPP_NAME=Privacy Desk"
;            -DAPP_DIR=dist\privacy-desk -DICON=resources\icons\privacy-desk.ico
;            -DOUTFILE=dist\privacy-desk-0.1.0-windows-x64-setup.exe
;            packaging\windows\privacy-desk.nsi
;
; Optional: -DPUBLISHER=..., -DURL=...
; Signing: when PRIVACY_DESK_SIGN_CERT is set (a .pfx file; password in
; PRIVACY_DESK_SIGN_PASSWORD), the exe in APP_DIR, the uninstaller and the installer are
; signed with sign.ps1 beside this script. Unset or empty: nothing is signed.
;
; The user's own files are never touched on install or upgrade. They live where
; app/local/paths.py puts them through platformdirs for the name "privacy-desk":
;   settings (config), pending changes, evidence log (data):  %LOCALAPPDATA%\privacy-desk
;   logs and crash reports:                                   %LOCALAPPDATA%\privacy-desk\Logs
; and the refresh token is in the Windows Credential Locker under "privacy-desk".
; Only the uninstaller removes them, and only when the user says yes.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

; --- What the build driver must pass -------------------------------------------------

!macro REQUIRE_DEFINE NAME
  !ifndef ${NAME}
    !error "Pass -D${NAME}=... to makensis (see the top of privacy-desk.nsi)"
  !endif
!macroend
!insertmacro REQUIRE_DEFINE VERSION
!insertmacro REQUIRE_DEFINE APP_ID
!insertmacro REQUIRE_DEFINE APP_NAME
!insertmacro REQUIRE_DEFINE APP_DIR
!insertmacro REQUIRE_DEFINE ICON
!insertmacro REQUIRE_DEFINE OUTFILE

!define /ifndef PUBLISHER "Privacy Desk contributors"
!define /ifndef URL "https://github.com/privacydesk/privacy-desk"
!define EXE_NAME "privacy-desk.exe"
!define UNINSTALLER_NAME "Uninstall Privacy Desk.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; platformdirs.user_data_dir("privacy-desk", appauthor=False); config and Logs are in it.
!define USER_DATA_DIR "$LOCALAPPDATA\privacy-desk"
; keyring's Windows backend stores the token as a generic credential named after the service.
!define CREDENTIAL_TARGET "privacy-desk"

; Windows wants four numbers in the file's version resource: 0.1.0 -> 0.1.0.0.
; A version that is not MAJOR.MINOR.PATCH stops the build here.
!searchparse "${VERSION}." "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH "."
!define VERSION_QUAD "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"

; The onedir must be there: a missing exe fails here with a clear message, not halfway.
!if /FileExists "${APP_DIR}\${EXE_NAME}"
!else
  !error "No ${EXE_NAME} in APP_DIR=${APP_DIR}: build the PyInstaller onedir first"
!endif

; --- Signing (optional) -------------------------------------------------------------

!define SIGN_CERT "$%PRIVACY_DESK_SIGN_CERT%"
!if "${SIGN_CERT}" != ""
!if "${SIGN_CERT}" != "$${U+25}PRIVACY_DESK_SIGN_CERT%"
  !define SIGN_COMMAND 'powershell -NoProfile -ExecutionPolicy Bypass -File "${__FILEDIR__}\sign.ps1"'
!endif
!endif

!ifdef SIGN_COMMAND
  ; The app itself first, so the copy inside the installer carries the signature.
  !system '${SIGN_COMMAND} "${APP_DIR}\${EXE_NAME}"' = 0
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

; --- The shortcut's AppUserModelID ----------------------------------------------------
;
; The app calls SetCurrentProcessExplicitAppUserModelID(APP_ID) at start (app/main.py);
; its Start-menu shortcut must carry the same id, or a pinned taskbar button and the
; running window become two buttons. NSIS has no command for it and the WinShell plug-in
; is not part of a stock NSIS, so this writes System.AppUserModel.ID through the shell's
; COM interfaces with the System plug-in that every NSIS has:
; IShellLinkW -> IPersistFile::Load -> IPropertyStore::SetValue + Commit -> IPersistFile::Save.
; A failure leaves a working shortcut without the id (logged, not fatal).
!define CLSID_ShellLink "{00021401-0000-0000-C000-000000000046}"
!define IID_IShellLinkW "{000214F9-0000-0000-C000-000000000046}"
!define IID_IPersistFile "{0000010B-0000-0000-C000-000000000046}"
!define IID_IPropertyStore "{886D8EEB-8CF2-4446-8D02-CDBA1DBDCF99}"
!define PKEY_AppUserModel_ID_FMTID "{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}"
!define PKEY_AppUserModel_ID_PID 5
!define VT_LPWSTR 31
!define CLSCTX_INPROC_SERVER 1
!define STGM_READWRITE 2

!macro SetShortcutAppUserModelId LINK ID
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  StrCpy $0 -1
  System::Call 'ole32::CoCreateInstance(g "${CLSID_ShellLink}", p 0, i ${CLSCTX_INPROC_SERVER}, g "${IID_IShellLinkW}", *p .r1) i .r0'
  ${If} $0 = 0
    System::Call '$1->0(g "${IID_IPersistFile}", *p .r2) i .r0'
    ${If} $0 = 0
      System::Call '$2->5(w "${LINK}", i ${STGM_READWRITE}) i .r0'
      ${If} $0 = 0
        System::Call '$1->0(g "${IID_IPropertyStore}", *p .r3) i .r0'
        ${If} $0 = 0
          ; PROPERTYKEY {fmtid, pid}; PROPVARIANT {vt, 3 reserved words, pointer to the text}.
          System::Call '*(&w128 "${ID}") p .r5'
          System::Call '*(g "${PKEY_AppUserModel_ID_FMTID}", i ${PKEY_AppUserModel_ID_PID}) p .r4'
          System::Call '*(&i2 ${VT_LPWSTR}, &i2 0, &i2 0, &i2 0, p r5, p 0) p .r6'
          System::Call '$3->6(p r4, p r6) i .r0'
          ${If} $0 = 0
            System::Call '$3->7() i .r0'
          ${EndIf}
          ${If} $0 = 0
            System::Call '$2->6(p 0, i 1) i .r0'
          ${EndIf}
          System::Free $4
          System::Free $5
          System::Free $6
          System::Call '$3->2()'
        ${EndIf}
      ${EndIf}
      System::Call '$2->2()'
    ${EndIf}
    System::Call '$1->2()'
  ${EndIf}
  ${If} $0 <> 0
    DetailPrint "AppUserModelID not set on ${LINK} (error $0)"
  ${EndIf}
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
!macroend

; --- The installer ------------------------------------------------------------------

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}, GPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunAppNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; NSIS picks Dutch when Windows speaks Dutch.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Dutch"

LangString RunAppNow ${LANG_ENGLISH} "Open ${APP_NAME} now"
LangString RunAppNow ${LANG_DUTCH} "${APP_NAME} nu openen"
LangString AppDescription ${LANG_ENGLISH} "See and steer what your media service knows about you"
LangString AppDescription ${LANG_DUTCH} "Bekijk en bepaal wat je mediadienst over je weet"
LangString AskRemoveUserData ${LANG_ENGLISH} "Also delete your own ${APP_NAME} files on this computer?$\r$\n$\r$\nThis removes your settings, the changes still waiting to be sent, your evidence log of consent receipts and request acknowledgements, and the logs, all in:$\r$\n${USER_DATA_DIR}$\r$\n$\r$\nIt also forgets the sign-in saved in Windows.$\r$\n$\r$\nYes deletes them, No keeps them for a later installation, Cancel stops here so you can export your evidence from the app first."
LangString AskRemoveUserData ${LANG_DUTCH} "Ook je eigen ${APP_NAME}-bestanden op deze computer verwijderen?$\r$\n$\r$\nDan verdwijnen je instellingen, de wijzigingen die nog verstuurd moeten worden, je bewijslogboek met toestemmingsbewijzen en ontvangstbevestigingen van verzoeken, en de logbestanden, allemaal in:$\r$\n${USER_DATA_DIR}$\r$\n$\r$\nDe in Windows bewaarde aanmelding wordt ook vergeten.$\r$\n$\r$\nJa verwijdert ze, Nee bewaart ze voor een latere installatie, Annuleren stopt hier zodat je eerst je bewijs vanuit de app kunt exporteren."
LangString UserDataKept ${LANG_ENGLISH} "Your own files were kept in ${USER_DATA_DIR}."
LangString UserDataKept ${LANG_DUTCH} "Je eigen bestanden zijn bewaard in ${USER_DATA_DIR}."
LangString UserDataRemoved ${LANG_ENGLISH} "Your own files and the saved sign-in were removed."
LangString UserDataRemoved ${LANG_DUTCH} "Je eigen bestanden en de bewaarde aanmelding zijn verwijderd."

Section "${APP_NAME}" SectionApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"

  ; An upgrade replaces the program, never the user's files: the old _internal goes so no
  ; stale library from the previous version lingers; the user's files are not under $INSTDIR.
  RMDir /r "$INSTDIR\_internal"
  File "${APP_DIR}\${EXE_NAME}"
  File /r "${APP_DIR}\_internal"

  WriteUninstaller "$INSTDIR\${UNINSTALLER_NAME}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0 SW_SHOWNORMAL "" "$(AppDescription)"
  !insertmacro SetShortcutAppUserModelId "$SMPROGRAMS\${APP_NAME}.lnk" "${APP_ID}"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "URLInfoAbout" "${URL}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\${EXE_NAME}$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\${UNINSTALLER_NAME}$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\${UNINSTALLER_NAME}$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "VersionMajor" ${VERSION_MAJOR}
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "VersionMinor" ${VERSION_MINOR}
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; --- The uninstaller ----------------------------------------------------------------

Var RemoveUserData

; Asked before anything is removed, so that Cancel leaves the app in place to export the
; evidence first. "No, keep them" is the default answer. A silent uninstall (/S) keeps them
; unless /REMOVEUSERDATA is given too.
Function un.onInit
  SetShellVarContext current
  StrCpy $RemoveUserData "no"
  ${If} ${Silent}
    ${GetParameters} $0
    ClearErrors
    ${GetOptions} $0 "/REMOVEUSERDATA" $1
    ${IfNot} ${Errors}
      StrCpy $RemoveUserData "yes"
    ${EndIf}
  ${Else}
    MessageBox MB_YESNOCANCEL|MB_ICONQUESTION|MB_DEFBUTTON2 "$(AskRemoveUserData)" IDYES remove IDNO keep
    Abort
    remove:
      StrCpy $RemoveUserData "yes"
    keep:
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; Only what the installer put there: if someone installed into a folder that holds other
  ; files, those stay.
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$INSTDIR\${EXE_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${UNINSTALLER_NAME}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ${If} $RemoveUserData == "yes"
    RMDir /r "${USER_DATA_DIR}"
    ; CRED_TYPE_GENERIC = 1. A second account's token (named "<account>@privacy-desk")
    ; is not found this way; see packaging/windows/README.md.
    System::Call 'advapi32::CredDeleteW(w "${CREDENTIAL_TARGET}", i 1, i 0) i .r3'
    DetailPrint "$(UserDataRemoved)"
  ${Else}
    DetailPrint "$(UserDataKept)"
  ${EndIf}
SectionEnd
