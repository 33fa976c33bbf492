#!/usr/bin/env bash
# Wrap the PyInstaller app bundle in a .dmg: sign it (when an identity is given), put it on a
# compressed disk image beside an /Applications link, then notarise and staple the image (when
# notary credentials are given). Runs on macOS; packaging/build.py calls it after PyInstaller.
#
#   packaging/macos/build-dmg.sh "dist/Privacy Desk.app" dist/privacy-desk-0.1.0-macos-arm64.dmg
#
# Environment (all optional; without them the .dmg holds the app as PyInstaller signed it,
# ad hoc, which runs on the machine that built it and needs a right-click › Open elsewhere):
#   PRIVACY_DESK_MACOS_IDENTITY   codesign identity, e.g. "Developer ID Application: Name (TEAMID)"
#   PRIVACY_DESK_MACOS_KEYCHAIN   keychain holding that identity (default: the search list)
#   PRIVACY_DESK_NOTARY_PROFILE   notarytool keychain profile (xcrun notarytool store-credentials)
#   or, for an App Store Connect API key instead of a profile:
#   PRIVACY_DESK_NOTARY_KEY       path to the AuthKey_XXXX.p8 file
#   PRIVACY_DESK_NOTARY_KEY_ID    its key id
#   PRIVACY_DESK_NOTARY_ISSUER    its issuer id
set -euo pipefail
# Written for the bash 3.2 in /bin/bash too: empty arrays are expanded as ${a[@]+"${a[@]}"}.

usage() {
    echo "usage: $0 APP_BUNDLE OUTPUT_DMG" >&2
    exit 2
}

[ "$#" -eq 2 ] || usage
app=${1%/}
dmg=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
entitlements="$here/entitlements.plist"

identity=${PRIVACY_DESK_MACOS_IDENTITY:-}
keychain=${PRIVACY_DESK_MACOS_KEYCHAIN:-}
notary_profile=${PRIVACY_DESK_NOTARY_PROFILE:-}
notary_key=${PRIVACY_DESK_NOTARY_KEY:-}
notary_key_id=${PRIVACY_DESK_NOTARY_KEY_ID:-}
notary_issuer=${PRIVACY_DESK_NOTARY_ISSUER:-}

step() {
    printf '==> %s\n' "$*"
}

fail() {
    printf 'build-dmg: %s\n' "$*" >&2
    exit 1
}

[ -d "$app" ] || fail "no app bundle at $app (run PyInstaller first)"
[ -f "$app/Contents/Info.plist" ] || fail "$app has no Contents/Info.plist: not an app bundle"
[ -f "$entitlements" ] || fail "entitlements missing: $entitlements"
case "$dmg" in
    *.dmg) ;;
    *) fail "the output must end in .dmg: $dmg" ;;
esac

notary_args=()
if [ -n "$notary_profile" ]; then
    notary_args=(--keychain-profile "$notary_profile")
elif [ -n "$notary_key" ] || [ -n "$notary_key_id" ] || [ -n "$notary_issuer" ]; then
    if [ -z "$notary_key" ] || [ -z "$notary_key_id" ] || [ -z "$notary_issuer" ]; then
        fail "an API key needs PRIVACY_DESK_NOTARY_KEY, _KEY_ID and _ISSUER together"
    fi
    [ -f "$notary_key" ] || fail "no API key file at $notary_key"
    notary_args=(--key "$notary_key" --key-id "$notary_key_id" --issuer "$notary_issuer")
fi
if [ "${#notary_args[@]}" -gt 0 ] && [ -z "$identity" ]; then
    fail "notarising needs a signed app: set PRIVACY_DESK_MACOS_IDENTITY too"
fi

keychain_args=()
if [ -n "$keychain" ]; then
    keychain_args=(--keychain "$keychain")
fi

if [ -n "$identity" ]; then
    step "Signing $app (hardened runtime)"
    # --force replaces PyInstaller's ad-hoc signatures; --deep signs the Qt frameworks,
    # plug-ins and Python extensions in Contents/Frameworks with the same identity, which
    # is what lets library validation stay on.
    codesign --force --deep --options runtime --timestamp \
        --entitlements "$entitlements" ${keychain_args[@]+"${keychain_args[@]}"} \
        --sign "$identity" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
else
    step "No PRIVACY_DESK_MACOS_IDENTITY: the app keeps PyInstaller's ad-hoc signature"
fi

step "Making $dmg"
staging=$(mktemp -d "${TMPDIR:-/tmp}/privacy-desk-dmg.XXXXXX")
trap 'rm -rf "$staging"' EXIT
# ditto keeps the symlinks inside the frameworks and the signatures' extended attributes.
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"
volume_name=$(basename "$app" .app)
mkdir -p "$(dirname "$dmg")"
rm -f "$dmg"
hdiutil create -volname "$volume_name" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "$identity" ]; then
    step "Signing $dmg"
    codesign --force --timestamp ${keychain_args[@]+"${keychain_args[@]}"} --sign "$identity" "$dmg"
fi

if [ "${#notary_args[@]}" -gt 0 ]; then
    step "Notarising $dmg (this waits for Apple's answer)"
    result=$(mktemp "${TMPDIR:-/tmp}/privacy-desk-notary.XXXXXX")
    xcrun notarytool submit "$dmg" "${notary_args[@]}" --wait --output-format json | tee "$result"
    status=$(plutil -extract status raw -o - "$result" || echo unknown)
    if [ "$status" != "Accepted" ]; then
        submission=$(plutil -extract id raw -o - "$result" || echo "")
        if [ -n "$submission" ]; then
            xcrun notarytool log "$submission" "${notary_args[@]}" || true
        fi
        rm -f "$result"
        fail "notarisation ended with status $status"
    fi
    rm -f "$result"
    step "Stapling the ticket to $dmg"
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
else
    step "No notary credentials: $dmg is not notarised"
fi

step "Done"
shasum -a 256 "$dmg"
