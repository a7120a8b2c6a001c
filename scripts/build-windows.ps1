# Build the Windows program and its installer on a Windows PC with Python 3.11+ and NSIS:
#   powershell -ExecutionPolicy Bypass -File scripts\build-windows.ps1
# Makes .venv-build, installs the project and PyInstaller into it, builds dist\taizhang\
# (taizhang.exe windowed, taizhang-cli.exe console) from packaging\taizhang.spec, checks the
# size, smoke-tests the CLI, and compiles dist\taizhang-setup-<version>.exe with makensis.
# Options: -Python py (the launcher, default) or a path to python.exe; -SkipInstaller.
param(
  [string]$Python = "py",
  [switch]$SkipInstaller
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$env:PYTHONUTF8 = "1"

function Run($exe, [string[]]$arguments) {
  & $exe @arguments
  if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $exe $($arguments -join ' ')" }
}

if (-not (Test-Path .venv-build\Scripts\python.exe)) {
  if ($Python -eq "py") { Run py @("-3", "-m", "venv", ".venv-build") }
  else { Run $Python @("-m", "venv", ".venv-build") }
}
$venvPython = ".venv-build\Scripts\python.exe"
Run $venvPython @("-c", "import sys; sys.exit(sys.version_info < (3, 11))")
Run $venvPython @("-m", "pip", "install", "-q", "--upgrade", "pip")
Run $venvPython @("-m", "pip", "install", "-q", ".[postgresql]", "pyinstaller>=6.10,<7")

if (Test-Path dist\taizhang) { Remove-Item -Recurse -Force dist\taizhang }
Run $venvPython @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                  "--workpath", "build\pyinstaller", "--distpath", "dist", "packaging\taizhang.spec")

$files = Get-ChildItem -Recurse -File dist\taizhang
$sizeMB = [math]::Round(($files | Measure-Object -Sum Length).Sum / 1MB)
Write-Host "build-windows: dist\taizhang: $sizeMB MB unpacked, $($files.Count) files"
if ($sizeMB -gt 150) { throw "build-windows: the bundle is over 150 MB" }

# smoke test: the frozen CLI in a scratch folder
$scratch = Join-Path $env:TEMP ("taizhang-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory $scratch | Out-Null
$cli = Resolve-Path dist\taizhang\taizhang-cli.exe
$plan = (& $cli --db "$scratch\demo.db" demo --tasks 20 --months 2 | Select-Object -Last 1)
if ($LASTEXITCODE -ne 0) { throw "taizhang-cli demo failed" }
Run $cli @("--db", "$scratch\demo.db", "export", "--plan", "$plan", "--report", "tasks", "-o", "$scratch\tasks.pdf")
Run $cli @("--db", "$scratch\demo.db", "dump", "--plan", "$plan")
Write-Host "build-windows: taizhang-cli demo/export/dump passed"

if (-not $SkipInstaller) {
  $version = & $venvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
  $makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
  if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
  $bundle = Resolve-Path dist\taizhang
  $out = Join-Path (Resolve-Path dist) "taizhang-setup-$version.exe"
  Run $makensis @("/V2", "/DVERSION=$version", "/DBUNDLE=$bundle", "/DOUTFILE=$out", "packaging\taizhang.nsi")
  Write-Host "build-windows: $out"
}
