#!/usr/bin/env bash
# Smoke test of the installed product (run as root, after `make package`; .ci/run calls it):
#
#   packaging/linux/smoke-test.sh [path/to/privacy-desk_<version>_amd64.deb]
#
# 1. installs the .deb with apt-get, so its Depends are resolved as on a user's machine;
# 2. with the source tree and .venv out of reach (a fresh working directory, `env -i`, a
#    PATH without the venv, a fresh HOME) runs /usr/bin/privacy-desk --version and
#    --self-test under a private D-Bus session with an unlocked gnome-keyring, traced by
#    strace: no file under the repository may be opened or executed;
# 3. starts the reference service from the source tree on loopback with its demo account
#    and runs the installed app's --self-test --service against it (sign in, refresh token
#    into the keyring, read the choices, flip one, sign out, keyring entry gone);
# 4. removes the package and checks nothing of it is left under /opt and /usr.
#
# Needs: apt, dbus (dbus-run-session), gnome-keyring, strace. Exits non-zero with a
# message on the first failure.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
deb=${1:-}
if [ -z "$deb" ]; then
    # shellcheck disable=SC2012 # names are ours: privacy-desk_<version>_amd64.deb
    deb=$(ls -1 "$repo"/dist/privacy-desk_*_amd64.deb 2>/dev/null | sort -V | tail -n 1 || true)
fi
deb=$(readlink -f "${deb:-/nonexistent}")

fail() {
    echo "smoke-test: FAILED: $*" >&2
    exit 1
}
step() {
    printf '==> %s\n' "$*"
}

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs and removes the package)"
[ -f "$deb" ] || fail "no .deb found: run 'make package' first or pass its path"
for tool in apt-get dpkg dbus-run-session gnome-keyring-daemon strace; do
    command -v "$tool" >/dev/null || fail "$tool not found (Debian packages: apt, dpkg, dbus, gnome-keyring, strace)"
done
[ -x "$repo/.venv/bin/python" ] || fail "$repo/.venv is missing: the reference service runs from it"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/pyproject.toml" | head -n 1)
[ -n "$version" ] || fail "no version in $repo/pyproject.toml"

work=$(mktemp -d /tmp/privacy-desk-smoke.XXXXXX)
chmod 755 "$work"
server_pid=""
installed=0
cleanup() {
    status=$?
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ "$installed" -eq 1 ]; then
        echo "smoke-test: removing the package after the failure" >&2
        dpkg --purge privacy-desk >/dev/null 2>&1 || true
    fi
    if [ "$status" -eq 0 ]; then
        rm -rf "$work"
    else
        echo "smoke-test: traces and logs kept in $work" >&2
    fi
}
trap cleanup EXIT

# --- 1. install ----------------------------------------------------------------------------
step "installing $(basename "$deb") with apt-get (Depends resolved by apt)"
if dpkg -s privacy-desk >/dev/null 2>&1; then
    fail "privacy-desk is already installed: remove it first (dpkg -r privacy-desk)"
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
    || { tail -n 30 "$work/apt.log" >&2; fail "apt-get install $deb"; }
installed=1
[ -x /usr/bin/privacy-desk ] || fail "/usr/bin/privacy-desk is not installed"

# --- 2. the installed app on its own -------------------------------------------------------
mkdir -p "$work/home" "$work/runtime" "$work/cwd"
chmod 700 "$work/runtime"
clean_env=(
    env -i
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    HOME="$work/home"
    XDG_RUNTIME_DIR="$work/runtime"
    LANG=C.UTF-8
    QT_QPA_PLATFORM=offscreen
    TEST_KEYRING_PASSWORD=privacy-desk-smoke-test
)
# A private session bus, a fresh login keyring unlocked with a throwaway password, then the
# command; strace records every file the app opens and every program it runs.
# shellcheck disable=SC2016 # expanded by the inner bash, inside the private session
under_secret_service='printf "%s" "$TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"'

check_no_repo_files() {
    local trace=$1
    if grep -F -e "$repo" "$trace" >"$work/repo-opens.txt"; then
        head -n 20 "$work/repo-opens.txt" >&2
        fail "the installed app touched files under the source tree $repo (see above)"
    fi
    grep -q 'execve("/opt/privacy-desk/privacy-desk"' "$trace" \
        || fail "the trace does not show /opt/privacy-desk/privacy-desk being run"
}

expect_line() {
    local output=$1 line=$2
    grep -qxF -- "$line" "$output" || {
        cat "$output" >&2
        fail "expected the line '$line' in the output above"
    }
}

step "privacy-desk --version (outside the source tree, clean environment)"
(cd "$work/cwd" && "${clean_env[@]}" /usr/bin/privacy-desk --version) >"$work/version.txt" 2>"$work/version.err" \
    || { cat "$work/version.err" >&2; fail "privacy-desk --version exited non-zero"; }
cat "$work/version.txt"
expect_line "$work/version.txt" "privacy-desk $version"

step "privacy-desk --self-test under a private D-Bus with gnome-keyring, traced"
set +e
(cd "$work/cwd" && "${clean_env[@]}" dbus-run-session -- bash -c "$under_secret_service" bash \
    strace -f -qq -o "$work/self-test.trace" -e trace=open,openat,openat2,execve,execveat \
    /usr/bin/privacy-desk --self-test) >"$work/self-test.txt" 2>"$work/self-test.err"
status=$?
set -e
cat "$work/self-test.txt"
[ "$status" -eq 0 ] || { cat "$work/self-test.err" >&2; fail "privacy-desk --self-test exited with $status"; }
expect_line "$work/self-test.txt" "version: $version"
expect_line "$work/self-test.txt" "keyring: app.auth.secret_service.backend.SecretServiceKeyring"
expect_line "$work/self-test.txt" "translations: en nl"
expect_line "$work/self-test.txt" "app-id: org.privacydesk.PrivacyDesk"
grep -qE '^qt: 6\.' "$work/self-test.txt" || fail "no 'qt: 6.x' line in the self-test output"
grep -qE '^qt-modules: .*QtWidgets' "$work/self-test.txt" || fail "QtWidgets not among the loaded Qt modules"
check_no_repo_files "$work/self-test.trace"
echo "    no file under $repo opened ($(grep -c 'open' "$work/self-test.trace") opens traced)"

# --- 3. against the real service on loopback ------------------------------------------------
step "the reference service from the source tree, on loopback, with its demo account"
port=$("$repo/.venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=("$repo/.venv/bin/privacy-server" --database-url "sqlite:///$work/service.db" --export-dir "$work/exports")
(cd "$repo" && "${server[@]}" seed-demo --events 50) >"$work/seed.txt" 2>&1 \
    || { cat "$work/seed.txt" >&2; fail "privacy-server seed-demo"; }
email=$(sed -n 's/^demo account ready: e-mail \(.*\), password .*$/\1/p' "$work/seed.txt")
password=$(sed -n 's/^demo account ready: e-mail .*, password \(.*\)$/\1/p' "$work/seed.txt")
if [ -z "$email" ] || [ -z "$password" ]; then
    cat "$work/seed.txt" >&2
    fail "no demo account in the seed output"
fi
(cd "$repo" && exec "${server[@]}" serve --host 127.0.0.1 --port "$port" --password-grant) >"$work/service.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if "$repo/.venv/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url/openapi.json" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/service.log" >&2; fail "the service stopped"; }
    sleep 0.2
done
echo "    service at $url"

step "privacy-desk --self-test --service $url (sign in, keyring, choices, flip, sign out)"
set +e
(cd "$work/cwd" && "${clean_env[@]}" PRIVACY_DESK_SELF_TEST_EMAIL="$email" \
    PRIVACY_DESK_SELF_TEST_PASSWORD="$password" dbus-run-session -- bash -c "$under_secret_service" bash \
    strace -f -qq -o "$work/service-test.trace" -e trace=open,openat,openat2,execve,execveat \
    /usr/bin/privacy-desk --self-test --service "$url") >"$work/service-test.txt" 2>"$work/service-test.err"
status=$?
set -e
cat "$work/service-test.txt"
[ "$status" -eq 0 ] || { cat "$work/service-test.err" >&2; fail "privacy-desk --self-test --service exited with $status"; }
expect_line "$work/service-test.txt" "keyring: app.auth.secret_service.backend.SecretServiceKeyring"
for key in signed-in keyring-stored choices flipped receipts signed-out keyring-cleared; do
    grep -qE "^$key: " "$work/service-test.txt" || fail "no '$key:' line in the output above"
done
expect_line "$work/service-test.txt" "signed-in: $email"
check_no_repo_files "$work/service-test.trace"

kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

# --- 4. uninstall ---------------------------------------------------------------------------
step "dpkg -r privacy-desk: nothing may be left behind"
dpkg -r privacy-desk >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r privacy-desk"; }
installed=0
shopt -s nullglob
left=(
    /opt/privacy-desk
    /usr/bin/privacy-desk
    /usr/share/applications/org.privacydesk*
    /usr/share/metainfo/org.privacydesk*
    /usr/share/icons/hicolor/*/apps/org.privacydesk*
    /usr/share/doc/privacy-desk
    /usr/share/man/man1/privacy-desk.1.gz
    /usr/share/lintian/overrides/privacy-desk
)
shopt -u nullglob
remaining=()
for path in "${left[@]}"; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        remaining+=("$path")
    fi
done
[ "${#remaining[@]}" -eq 0 ] || fail "left behind after dpkg -r: ${remaining[*]}"
dpkg --purge privacy-desk >/dev/null 2>&1 || true
step "smoke test passed: privacy-desk $version installed, ran on its own, talked to the service, and left cleanly"
