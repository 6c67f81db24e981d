#!/usr/bin/env bash
# One PostgreSQL login per service, owning only its database: what the AppHost does in run mode
# (Infrastructure/DatabaseProvisioning.cs), for the official image. Its entrypoint runs this once, as
# POSTGRES_USER (the superuser), when the data volume is empty. Idempotent (create the role if missing,
# then ALTER ROLE ... PASSWORD): the Kubernetes output's logins Job runs it again against the running
# server whenever the Secret changes, which applies changed passwords and brings an existing volume up to date.
# Inputs (environment): FD_SERVICE_DATABASES="accountsdb:accounts ordersdb:orders ...", and for each
# database FD_PASSWORD_<DATABASE> (e.g. FD_PASSWORD_ACCOUNTSDB), the login's password.
set -euo pipefail
: "${FD_SERVICE_DATABASES:?names no database}" "${POSTGRES_USER:?}"
export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD:-}}"

sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$POSTGRES_USER" "$@"; }

# No login but the superuser connects to the server's own databases or makes temporary tables there.
sql --dbname postgres <<'SQL'
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
SQL

for entry in $FD_SERVICE_DATABASES; do
  database=${entry%%:*}
  role=${entry#*:}
  if [[ ! $database =~ ^[a-z0-9_]+$ || ! $role =~ ^[a-z0-9_]+$ ]]; then
    echo "service-logins: '$entry' is not database:role in lower-case letters, digits and _" >&2
    exit 1
  fi
  password_variable="FD_PASSWORD_${database^^}"
  password=${!password_variable:?"$password_variable is not set"}

  # psql variables (:'x', :"x") quote the values; \gexec runs the statements a query builds.
  sql --dbname postgres -v role="$role" -v database="$database" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'role', :'password') \gexec
-- Bounded waits, enforced by the server in every session of the login (LoginWaitLimits.cs says why; same values).
SELECT format('ALTER ROLE %I SET lock_timeout = %L', :'role', '5s') \gexec
SELECT format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', :'role', '30s') \gexec
SELECT CASE WHEN EXISTS (SELECT FROM pg_database WHERE datname = :'database')
            THEN format('ALTER DATABASE %I OWNER TO %I', :'database', :'role')
            ELSE format('CREATE DATABASE %I OWNER %I', :'database', :'role') END \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
SQL

  # Inside the database: the login owns schema public, nobody else may use it; objects made before the
  # login existed (services used to migrate as the superuser) are handed over.
  sql --dbname "$database" -v role="$role" <<'SQL'
SELECT format('ALTER SCHEMA public OWNER TO %I', :'role') \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SELECT format('ALTER %s %s OWNER TO %I',
         CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
         c.oid::regclass, :'role')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> (:'role')::regrole
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
UNION ALL
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'role')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND p.proowner <> (:'role')::regrole \gexec
SQL
  echo "service-logins: $database is owned by login $role, closed to everyone else"
done
