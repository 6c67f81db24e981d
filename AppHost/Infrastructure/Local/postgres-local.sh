#!/usr/bin/env bash
# Runs the Debian package's PostgreSQL in the foreground for Aspire's local infrastructure mode.
# Inputs (environment): PG_BIN, PG_DATA, PG_PORT, PG_USER, PG_PASSWORD, FD_TLS_CERT_FILE, FD_TLS_KEY_FILE
# (the server's certificate and key, PEM).
set -euo pipefail
: "${PG_BIN:?}" "${PG_DATA:?}" "${PG_PORT:?}" "${PG_USER:?}" "${PG_PASSWORD:?}" "${FD_TLS_CERT_FILE:?}" "${FD_TLS_KEY_FILE:?}"

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

# The certificate goes into the data directory: PostgreSQL wants its key owned by the server's user and private.
install -m 600 "$FD_TLS_CERT_FILE" "$PG_DATA/server.crt"
install -m 600 "$FD_TLS_KEY_FILE" "$PG_DATA/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DATA/server.crt" "$PG_DATA/server.key"

# Password (SCRAM) authentication on every path, the socket included: with trust there, any process of the
# server's OS user would be the superuser. Over TCP, TLS only: a plaintext connection is refused whoever logs in.
# Written at every start, so a data directory made before is put right.
hba="$PG_DATA/pg_hba.conf"
printf '%s\n' \
  '# Written by postgres-local.sh at every start: password (SCRAM) authentication only, TCP over TLS only.' \
  'local all all scram-sha-256' \
  'hostssl all all 127.0.0.1/32 scram-sha-256' \
  'hostssl all all ::1/128 scram-sha-256' \
  'hostnossl all all all reject' > "$hba"
[ "$(id -u)" -eq 0 ] && chown postgres: "$hba"
chmod 600 "$hba"

# pg_stat_statements is preloaded for the benchmark's statements per write (it creates the extension itself).
exec "${as_server_user[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" \
  -c shared_preload_libraries=pg_stat_statements \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$PG_DATA" -c max_connections=300 \
  -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key -c ssl_min_protocol_version=TLSv1.2
