#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server on 127.0.0.1, for tests.
#
#   scripts/pg_test_server.sh start DIR [PORT]   prints the SQLAlchemy URL on stdout
#   scripts/pg_test_server.sh stop DIR
#
# DIR is created if needed and holds the cluster, its socket and its logs; the
# parent of DIR must be reachable by every user (e.g. under /tmp). PORT 0 or
# omitted picks a free port. PostgreSQL is installed with apt-get when no
# initdb is found. initdb refuses to run as root, so as root the server runs as
# the "postgres" user (or "nobody" where there is none).
set -euo pipefail

log() { echo "pg_test_server: $*" >&2; }
die() { log "$*"; exit 1; }

find_bindir() {
    local candidate
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    for candidate in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "initdb not found and not root: install postgresql"
        sudo="sudo -n"
    fi
    log "initdb not found; installing postgresql with apt-get"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

server_user() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        echo nobody
    fi
}

# Run a command as the user that owns the cluster.
as_owner() {
    local user=$1
    shift
    if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local dir=$1 port=${2:-0} bindir user attempt
    bindir=$(find_bindir) || { install_postgres; bindir=$(find_bindir) || die "initdb still not found after installing postgresql"; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    user=$(server_user)
    if [ "$(id -u)" -eq 0 ]; then
        chown "$user" "$dir"
        as_owner "$user" test -w "$dir" || die "user $user cannot write $dir (is its parent readable by all?)"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$user" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || as_owner "$user" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
                --locale=C >"$dir/initdb.log" 2>&1 \
            || die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    fi
    for attempt in 1 2 3; do
        [ "$port" = 0 ] && port=$(free_port)
        if as_owner "$user" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k $dir -F" start >&2; then
            break
        fi
        log "start on port $port failed (attempt $attempt): $(tail -n 3 "$dir/server.log" 2>/dev/null)"
        port=0
        [ "$attempt" = 3 ] && die "could not start PostgreSQL; see $dir/server.log"
    done
    echo "$port" >"$dir/port"
    as_owner "$user" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres cxnlp_test >&2 \
        || die "createdb failed"
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/cxnlp_test"
}

stop() {
    local dir=$1 bindir user
    [ -d "$dir/data" ] || { log "no cluster in $dir"; return 0; }
    bindir=$(find_bindir) || die "pg_ctl not found"
    user=$(stat -c %U "$dir/data")
    as_owner "$user" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
}

case "${1:-}" in
    start) [ $# -ge 2 ] || die "usage: $0 start DIR [PORT]"; start "$2" "${3:-0}" ;;
    stop) [ $# -ge 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
    *) die "usage: $0 start DIR [PORT] | stop DIR" ;;
esac
