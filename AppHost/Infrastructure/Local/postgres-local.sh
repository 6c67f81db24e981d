#!/usr/bin/env bash
# Runs the Debian package's PostgreSQL in the foreground for Aspire's local infrastructure mode.
# Inputs (environment): PG_BIN, PG_DATA, PG_PORT, PG_USER, PG_PASSWORD.
set -euo pipefail
: "${PG_BIN:?}" "${PG_DATA:?}" "${PG_PORT:?}" "${PG_USER:?}" "${PG_PASSWORD:?}"

# PostgreSQL refuses to run as root: drop to the postgres system user when we are root.
as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_server_user=(runuser -u postgres --)
  mkdir -p "$PG_DATA"
  chown postgres: "$PG_DATA"
  if ! runuser -u postgres -- test -x "$PG_DATA"; then
    echo "postgres-local: the postgres user cannot reach $PG_DATA; make its parent folders world-searchable (chmod o+x)." >&2
    exit 1
  fi
fi

if [ ! -s "$PG_DATA/PG_VERSION" ]; then
  echo "postgres-local: initialising a new cluster in $PG_DATA"
  pwfile="$PG_DATA.pw"
  ( umask 077; printf '%s' "$PG_PASSWORD" > "$pwfile" )
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
  "${as_server_user[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
else
  # The password is an Aspire parameter and may have changed since the data was created:
  # set it again in single-user mode (no network) before the server starts listening.
  quoted=${PG_PASSWORD//\'/\'\'}
  printf "ALTER ROLE \"%s\" PASSWORD '%s';\n" "$PG_USER" "$quoted" \
    | "${as_server_user[@]}" "$PG_BIN/postgres" --single -D "$PG_DATA" -j postgres >/dev/null
fi

# Password (SCRAM) authentication on every path, the socket included: with trust there, any process of the
# server's OS user would be the superuser. Written at every start, so a data directory made before is put right.
hba="$PG_DATA/pg_hba.conf"
printf '%s\n' \
  '# Written by postgres-local.sh at every start: password (SCRAM) authentication only.' \
  'local all all scram-sha-256' \
  'host all all 127.0.0.1/32 scram-sha-256' \
  'host all all ::1/128 scram-sha-256' > "$hba"
[ "$(id -u)" -eq 0 ] && chown postgres: "$hba"
chmod 600 "$hba"

exec "${as_server_user[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$PG_DATA" -c max_connections=300
