#!/usr/bin/env bash
# The backup login: reads every service database and nothing else, writes nothing, owns nothing. The
# postgres-backup CronJob dumps each database as this login (Tools/ManifestToKubernetes/Backups/postgres-backup.sh).
# Run like 10-service-logins.sh: once by the image's entrypoint on an empty volume, by the HA overlay's
# service-logins Job at every apply, or by hand (idempotent; after a password change in the Secret, or on a
# volume made before backups existed):
#   kubectl -n fooddelivery exec statefulset/postgres -- /docker-entrypoint-initdb.d/20-backup-login.sh
# Inputs (environment): FD_SERVICE_DATABASES="accountsdb:accounts ordersdb:orders ...", FD_BACKUP_PASSWORD
# (the login's password), FD_BACKUP_ROLE (the login's name, default "backup").
set -euo pipefail
: "${FD_SERVICE_DATABASES:?names no database}" "${POSTGRES_USER:?}" "${FD_BACKUP_PASSWORD:?is not set}"
export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD:-}}"
role=${FD_BACKUP_ROLE:-backup}
if [[ ! $role =~ ^[a-z0-9_]+$ ]]; then
  echo "backup-login: '$role' is not a role name in lower-case letters, digits and _" >&2
  exit 1
fi

sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$POSTGRES_USER" "$@"; }

# pg_read_all_data (PostgreSQL 14+): SELECT on every table, view and sequence and USAGE on every schema, in
# every database, now and for tables migrations add later; no write, no DDL. CONNECT is granted per service
# database below, since the logins script revokes it from PUBLIC.
sql --dbname postgres -v role="$role" -v password="$FD_BACKUP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'role', :'password') \gexec
SELECT format('GRANT pg_read_all_data TO %I', :'role') WHERE NOT pg_has_role(:'role', 'pg_read_all_data', 'MEMBER') \gexec
SQL

for entry in $FD_SERVICE_DATABASES; do
  database=${entry%%:*}
  if [[ ! $database =~ ^[a-z0-9_]+$ ]]; then
    echo "backup-login: '$entry' is not database:role in lower-case letters, digits and _" >&2
    exit 1
  fi
  sql --dbname postgres -v role="$role" -v database="$database" <<'SQL'
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'database', :'role') \gexec
SQL
done
echo "backup-login: $role reads $(wc -w <<<"$FD_SERVICE_DATABASES") service databases"
