#!/usr/bin/env bash
# End-to-end check of the buildout install path (`make check-buildout`).
#
# In a throwaway directory: copy the working tree (tracked and untracked, not
# ignored files; or a git ref, see below), make a venv holding only
# zc.buildout (pinned by constraints.txt), run buildout.cfg as written (every
# egg from PyPI into a download cache inside the directory, pinned by
# versions.cfg), create a site from the `ptsp` distribution with
# `bin/instance run scripts/create_site.py`, serve it with `bin/instance fg`
# on a free loopback port and expect HTTP 200 with the site's title. Prints
# OK or FAIL and the timings; exits non-zero on failure. Nothing is written
# in the repository (unless BUILDOUT_CHECK_DIR points into it).
#
# Needs: python3 (3.10-3.13) with venv, git, and PyPI. versions.cfg is
# generated in the copy from its constraints.txt (scripts/buildout_versions.py).
# Environment:
#   PYTHON                      interpreter for the venv (default python3)
#   BUILDOUT_CHECK_DIR          work here instead of a new temp dir; kept, and
#                               its downloads/ cache is reused on the next run
#   KEEP_BUILDOUT_CHECK=1       keep the temp dir (its path is printed)
#   BUILDOUT_CHECK_REF=HEAD     build the package as committed at this git ref
#                               (git archive) instead of the working tree;
#                               buildout.cfg still comes from the working tree
#   BUILDOUT_CHECK_PIP_CONFIG=keep   use this machine's pip config (find-links,
#                               extra indexes); by default it is ignored so that
#                               only PyPI is used, as on a fresh machine
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
SITE_ID=buildoutcheck
SITE_TITLE="Buildout check $$"

start_all=$(date +%s)
phase_start=$start_all
timings=()
phase() { # phase NAME: record the time since the previous phase
    local now
    now=$(date +%s)
    timings+=("$1: $((now - phase_start)) s")
    phase_start=$now
}
say() { printf '[check-buildout] %s\n' "$*"; }

if [ -n "${BUILDOUT_CHECK_DIR:-}" ]; then
    mkdir -p "$BUILDOUT_CHECK_DIR"
    WORK=$(cd "$BUILDOUT_CHECK_DIR" && pwd)
    # Start over, but keep the download cache of the previous run.
    find "$WORK" -mindepth 1 -maxdepth 1 ! -name downloads -exec rm -rf {} +
    remove_work=0
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/ptsp-buildout-check.XXXXXX")
    remove_work=1
    [ "${KEEP_BUILDOUT_CHECK:-0}" = 1 ] && remove_work=0
fi
PROJECT=$WORK/project
LOGS=$WORK/logs
mkdir -p "$PROJECT" "$LOGS" "$WORK/downloads"
server_pid=""
current="setup"

stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        # bin/instance fg runs the WSGI server in a child: end the whole
        # process group that setsid gave it (its id is the leader's pid).
        kill -TERM -- "-$server_pid" 2>/dev/null || true
        for _ in $(seq 20); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}

finish() {
    local rc=$?
    stop_server
    local total=$(($(date +%s) - start_all))
    say "timings: ${timings[*]:-none}; total: ${total} s"
    if [ "$rc" = 0 ]; then
        say "OK: buildout.cfg built an instance that served the '$SITE_ID' site (HTTP 200) in ${total} s"
    else
        for log in "$LOGS"/*.log; do
            [ -f "$log" ] || continue
            say "--- last lines of $log"
            tail -n 25 "$log" | sed 's/^/    /'
        done
        say "FAIL during '$current' (exit $rc) after ${total} s"
    fi
    if [ "$remove_work" = 1 ]; then
        rm -rf "$WORK"
    else
        say "work directory kept: $WORK"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

if [ "${BUILDOUT_CHECK_PIP_CONFIG:-}" != keep ]; then
    # Only PyPI, as on a fresh machine: no pip config files, find-links or
    # extra indexes of this one (buildout runs pip for every egg).
    export PIP_CONFIG_FILE=/dev/null
    unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_CONSTRAINT PIP_NO_INDEX PIP_REQUIRE_VIRTUALENV
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1

current="copy of the project"
say "work directory: $WORK"
if [ -n "${BUILDOUT_CHECK_REF:-}" ]; then
    say "package as committed at ${BUILDOUT_CHECK_REF} ($(git -C "$ROOT" rev-parse --short "${BUILDOUT_CHECK_REF}"))"
    git -C "$ROOT" archive --format=tar "$BUILDOUT_CHECK_REF" | tar -xf - -C "$PROJECT"
    cp "$ROOT/buildout.cfg" "$PROJECT/buildout.cfg"
elif git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked files, not ignored ones (no .venv, instance/...).
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
        | tar --null -T - -cf -) | tar -xf - -C "$PROJECT"
else
    (cd "$ROOT" && tar --exclude=./.venv --exclude=./.git --exclude=./instance -cf - .) | tar -xf - -C "$PROJECT"
fi
# versions.cfg from the copy's lock, as `make buildout-versions` does.
"$PYTHON" "$ROOT/scripts/buildout_versions.py" "$PROJECT/constraints.txt" "$PROJECT/versions.cfg"
phase copy

current="venv with zc.buildout"
"$PYTHON" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 13), sys.version'
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet -c "$PROJECT/constraints.txt" zc.buildout >"$LOGS/venv.log" 2>&1
say "$("$WORK/venv/bin/python" -m pip list --format=freeze 2>/dev/null | tr '\n' ' ')"
phase venv

current="buildout"
port=$("$WORK/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "running buildout (every egg from PyPI; several minutes), log: $LOGS/buildout.log"
(cd "$PROJECT" && "$WORK/venv/bin/buildout" \
    "buildout:download-cache=$WORK/downloads" \
    "instance:http-address=127.0.0.1:$port") >"$LOGS/buildout.log" 2>&1
test -x "$PROJECT/bin/instance"
phase buildout

current="storage configuration"
# FileStorage with its own blob-dir, never ZODB's <blobstorage> proxy, which
# loses blob files under concurrent commits (bench/blob_loss.py).
conf="$PROJECT/parts/instance/etc/zope.conf"
if grep -q '<blobstorage>' "$conf"; then
    say "$conf wraps the storage in <blobstorage>:"
    sed -n '/<zodb_db main>/,/<\/zodb_db>/p' "$conf" | sed 's/^/    /'
    exit 1
fi
awk '/<filestorage>/ {inside = 1} inside && /blob-dir/ {found = 1} /<\/filestorage>/ {inside = 0}
     END {exit !found}' "$conf"
say "zope.conf: <filestorage> with its own blob-dir, no <blobstorage>"
say "buildout installed $(find "$PROJECT/eggs" -mindepth 2 -maxdepth 2 -name '*.egg' | wc -l) eggs"
phase storage-check

current="create site"
(cd "$PROJECT" && SITE_ID=$SITE_ID SITE_TITLE=$SITE_TITLE DELETE_EXISTING=true \
    bin/instance run scripts/create_site.py) >"$LOGS/create_site.log" 2>&1
grep -q "Site '$SITE_ID' created" "$LOGS/create_site.log"
phase create-site

current="serve and fetch"
url="http://127.0.0.1:$port/$SITE_ID"
(cd "$PROJECT" && exec setsid bin/instance fg) >"$LOGS/instance.log" 2>&1 &
server_pid=$!
"$WORK/venv/bin/python" - "$url" "$SITE_TITLE" "$server_pid" <<'EOF'
import os
import sys
import time
import urllib.error
import urllib.request

url, title, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline = time.monotonic() + 180
last = "no answer"
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(f"the instance exited before answering ({last})")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as error:
        sys.exit(f"GET {url}: HTTP {error.code}")
    except OSError as error:
        last = str(error)
        time.sleep(1)
        continue
    if status != 200:
        sys.exit(f"GET {url}: HTTP {status}")
    if title not in body:
        sys.exit(f"GET {url}: HTTP 200 but the site title {title!r} is not in the page")
    print(f"[check-buildout] GET {url}: HTTP 200, {len(body)} characters, title found")
    sys.exit(0)
sys.exit(f"GET {url}: no answer within 180 s ({last})")
EOF
stop_server
phase serve
current="done"
