#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server from Debian's packages for the expo-service tests: a new
# cluster in a temporary folder, listening on 127.0.0.1 on a free port, with a random password.
# It runs as the user expo-pg (created when missing) when started as root, because initdb
# refuses to run as root. The server and its folder are removed on exit.
# Usage: scripts/postgres.sh COMMAND [ARGS...]  run COMMAND with EXPO_TEST_POSTGRES_URL set
#        scripts/postgres.sh                    print the URL and keep the server until Ctrl-C
set -euo pipefail

log() { printf '\033[1m[postgres]\033[0m %s\n' "$*" >&2; }

# Server programs: initdb on PATH, else the newest version under /usr/lib/postgresql.
bin=
if command -v initdb >/dev/null; then
  bin=$(dirname "$(readlink -f "$(command -v initdb)")")
else
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$dir/initdb" ] && bin=$dir
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL server programs (initdb, pg_ctl) are not installed. Install Debian's package with" >&2
  echo "'apt-get install postgresql' (scripts/setup.sh does this), then run this again." >&2
  exit 1
fi

as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id -u expo-pg >/dev/null 2>&1; then
    log "creating the system user expo-pg to run the test server"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin expo-pg
  fi
  as_server_user=(runuser -u expo-pg --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/expo-pg.XXXXXX")
data=$dir/data
cleanup() {
  if [ -f "$data/postmaster.pid" ]; then
    (cd "$dir" && "${as_server_user[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1) || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$password" > "$dir/password"
chmod 600 "$dir/password"
if ((${#as_server_user[@]})); then chown -R expo-pg "$dir"; fi

# The commands run from $dir so that expo-pg can read the working directory.
(cd "$dir" && "${as_server_user[@]}" "$bin/initdb" -D "$data" -U expo --pwfile="$dir/password" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1) || {
  cat "$dir/initdb.log" >&2
  echo "initdb failed; its output is above." >&2
  exit 1
}
rm -f "$dir/password"

# Throwaway data: skip disk syncs. Durability tests kill the service, never this server.
started=
for _ in $(seq 1 20); do
  port=$((20000 + RANDOM % 40000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue
  fi
  if (cd "$dir" && "${as_server_user[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
       start >/dev/null); then
    started=yes
    break
  fi
  if ! grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
    cat "$dir/server.log" >&2 || true
    echo "The PostgreSQL test server did not start; its log is above." >&2
    exit 1
  fi
done
if [ -z "$started" ]; then
  echo "No free port found for the PostgreSQL test server after 20 tries." >&2
  exit 1
fi

export EXPO_TEST_POSTGRES_URL="postgres://expo:$password@127.0.0.1:$port/postgres"
log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') test server on 127.0.0.1:$port (data in $dir)"

if (($#)); then
  set +e
  "$@"
  status=$?
  set -e
  exit "$status"
fi
echo "export EXPO_TEST_POSTGRES_URL=$EXPO_TEST_POSTGRES_URL"
log "press Ctrl-C to stop the server and delete its data"
while true; do sleep 3600; done
