# Sign one file with Authenticode: called by privacy-desk.nsi for the app's exe, the
# uninstaller and the installer when PRIVACY_DESK_SIGN_CERT is set.
#
#   PRIVACY_DESK_SIGN_CERT          path to the code-signing certificate (.pfx)
#   PRIVACY_DESK_SIGN_PASSWORD      its password (may be empty for a .pfx without one)
#   PRIVACY_DESK_SIGN_TIMESTAMP_URL RFC 3161 time-stamp server (default: DigiCert's)
#
# The time stamp keeps the signature valid after the certificate expires.
param(
    [Parameter(Mandatory = $true)][string]$Path
)
$ErrorActionPreference = 'Stop'

$certificate = $env:PRIVACY_DESK_SIGN_CERT
if (-not $certificate) { throw 'PRIVACY_DESK_SIGN_CERT is not set: nothing to sign with' }
if (-not (Test-Path -LiteralPath $certificate)) { throw "No certificate file at $certificate" }
if (-not (Test-Path -LiteralPath $Path)) { throw "Nothing to sign at $Path" }

$timestampUrl = $env:PRIVACY_DESK_SIGN_TIMESTAMP_URL
if (-not $timestampUrl) { $timestampUrl = 'http://timestamp.digicert.com' }

# signtool comes with the Windows SDK; take the newest x64 one (the runners have several).
$signtool = Get-Command signtool.exe -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source
if (-not $signtool) {
    $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
    $signtool = Get-ChildItem -Path $kits -Filter signtool.exe -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match '\\x64\\' } |
        Sort-Object FullName -Descending |
        Select-Object -First 1 -ExpandProperty FullName
}
if (-not $signtool) { throw 'signtool.exe not found: install the Windows SDK' }

$arguments = @('sign', '/fd', 'SHA256', '/tr', $timestampUrl, '/td', 'SHA256', '/f', $certificate)
if ($env:PRIVACY_DESK_SIGN_PASSWORD) { $arguments += @('/p', $env:PRIVACY_DESK_SIGN_PASSWORD) }
$arguments += @('/d', 'Privacy Desk', $Path)

# Time-stamp servers fail now and then; three tries before giving up.
for ($attempt = 1; $attempt -le 3; $attempt++) {
    & $signtool @arguments
    if ($LASTEXITCODE -eq 0) { break }
    if ($attempt -eq 3) { throw "signtool failed on $Path (exit $LASTEXITCODE)" }
    Start-Sleep -Seconds (5 * $attempt)
}
& $signtool verify /pa $Path
if ($LASTEXITCODE -ne 0) { throw "The signature on $Path does not verify" }
