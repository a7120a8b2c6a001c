; 专班台账 installer: per user (no administrator rights), offline (the whole PyInstaller
; folder is inside), Start-menu and desktop shortcuts, an uninstaller that keeps the data.
;   makensis -DVERSION=0.1.0 -DBUNDLE=dist\taizhang -DOUTFILE=dist\taizhang-setup-0.1.0.exe packaging\taizhang.nsi
; (scripts/build-windows.ps1 and scripts/build-installer.sh pass these.) makensis works in this
; file's folder, so paths below are relative to packaging/.
Unicode true
!ifdef FAST
  SetCompress off  ; CI only checks that the script compiles
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z (from pyproject.toml)"
!endif
!ifndef BUNDLE
  !error "makensis -DBUNDLE=path\to\dist\taizhang"
!endif
!ifndef OUTFILE
  !define OUTFILE "taizhang-setup-${VERSION}.exe"
!endif

!define APPNAME "专班台账"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\taizhang"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\taizhang"
InstallDirRegKey HKCU "Software\taizhang" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APPNAME}"

!include "MUI2.nsh"
!define MUI_ICON "../desktop/resources/taizhang.ico"
!define MUI_UNICON "../desktop/resources/taizhang.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\taizhang.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开专班台账"
!define MUI_WELCOMEPAGE_TEXT "将为当前用户安装${APPNAME} ${VERSION}，不需要管理员权限，也不需要联网。$\r$\n$\r$\n台账数据不放在程序文件夹中：以后升级或卸载程序，台账都会保留。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除${APPNAME}程序。台账数据（工作方案、进展、导出的报表）不会删除。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${APPNAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  ; an older version's files go first (the ledger is elsewhere and stays)
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortCut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\taizhang.exe" "" "$INSTDIR\taizhang.exe" 0
  CreateShortCut "$SMPROGRAMS\${APPNAME}\卸载${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\taizhang.exe" "" "$INSTDIR\taizhang.exe" 0

  WriteRegStr HKCU "Software\taizhang" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\taizhang.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; only the program: the ledger lives in the folder the clerk chose (or the user's data
  ; folder), never under $INSTDIR, and is left alone
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\taizhang.exe"
  Delete "$INSTDIR\taizhang-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\taizhang"
SectionEnd
