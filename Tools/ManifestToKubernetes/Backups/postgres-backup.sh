#!/usr/bin/env bash
# Dumps and restores the service databases: one pg_dump custom-format file per database and run, named by
# the time it was taken. The postgres-backup CronJob runs "dump" (this file is its ConfigMap), docs/restore.md
# runs "restore", and Tests/SystemTests (BackupRestoreTests) runs both, so the commands tested are the ones shipped.
#
#   postgres-backup.sh dump                  every database of FD_SERVICE_DATABASES into BACKUP_DIR/<database>/,
#                                            keeping the newest BACKUP_KEEP dumps of each
#   postgres-backup.sh list [DATABASE]       the complete dumps, oldest first
#   postgres-backup.sh latest DATABASE       the newest complete dump of DATABASE
#   postgres-backup.sh restore FILE DATABASE FILE into the existing DATABASE, in one transaction: the dump's objects
#                                            are dropped and re-created, owned by the login that restores
#
# Inputs (environment): libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE; FD_SERVICE_DATABASES
# ("accountsdb:accounts menudb:menu ...", as the logins scripts take it); BACKUP_DIR (default /backups);
# BACKUP_KEEP (default 7).
set -euo pipefail

backup_dir=${BACKUP_DIR:-/backups}
keep=${BACKUP_KEEP:-7}

fail() { echo "postgres-backup: $*" >&2; exit 1; }

check_name() { [[ $1 =~ ^[a-z0-9_]+$ ]] || fail "'$1' is not a database name in lower-case letters, digits and _"; }

# The database names of FD_SERVICE_DATABASES, into the array databases.
read_databases() {
  local entry
  databases=()
  for entry in ${FD_SERVICE_DATABASES:?names no database}; do
    check_name "${entry%%:*}"
    databases+=("${entry%%:*}")
  done
}

# Complete dumps only (a dump cut short keeps its .partial name); the names sort by time.
dumps_of() {
  [[ -d $backup_dir/$1 ]] || return 0
  find "$backup_dir/$1" -maxdepth 1 -type f -name "$1-*.dump" | sort
}

dump() {
  [[ $keep =~ ^[1-9][0-9]*$ ]] || fail "BACKUP_KEEP=$keep is not a positive number"
  local database folder file failed=0
  read_databases
  for database in "${databases[@]}"; do
    folder=$backup_dir/$database
    mkdir -p "$folder"
    # UTC to the millisecond: unique per run, and sorting by name is sorting by time.
    file=$folder/$database-$(date -u +%Y%m%dT%H%M%S.%3NZ).dump
    # --no-password: fail rather than wait for a prompt; --lock-wait-timeout: fail rather than queue behind a
    # migration's exclusive lock (and block the service behind the dump) for long.
    if pg_dump --format=custom --no-password --lock-wait-timeout=60000 --dbname="$database" --file="$file.partial"; then
      mv "$file.partial" "$file"
      echo "postgres-backup: $database -> $file ($(stat -c %s "$file") bytes)"
      # Older dumps go only once a newer one is complete.
      dumps_of "$database" | head -n "-$keep" | xargs -r rm -f --
    else
      rm -f "$file.partial"
      echo "postgres-backup: dumping $database failed; its earlier dumps are kept" >&2
      failed=1
    fi
  done
  # One database failing does not stop the others, but it fails the run, so the Job shows it.
  return "$failed"
}

list() {
  local database
  if [[ $# -gt 0 ]]; then
    check_name "$1"
    dumps_of "$1"
  else
    read_databases
    for database in "${databases[@]}"; do dumps_of "$database"; done
  fi
}

latest() {
  local newest
  check_name "${1:?latest needs a DATABASE}"
  newest=$(dumps_of "$1" | tail -n 1)
  [[ -n $newest ]] || fail "no dump of $1 in $backup_dir/$1"
  echo "$newest"
}

restore() {
  local file=${1:?restore needs FILE DATABASE} database=${2:?restore needs FILE DATABASE}
  check_name "$database"
  [[ -f $file ]] || fail "$file is not a file"
  # One transaction: a restore that fails leaves the database as it was. --clean --if-exists replaces what the
  # dump holds; --no-owner --no-privileges make the restoring login the owner (restore as the service's login,
  # or as the superuser and then re-run the logins script, which hands every object to the service's login).
  pg_restore --exit-on-error --single-transaction --clean --if-exists --no-owner --no-privileges \
    --no-password --dbname="$database" "$file"
  echo "postgres-backup: restored $file into $database"
}

case ${1:-} in
  dump) dump ;;
  list) shift; list "$@" ;;
  latest) shift; latest "$@" ;;
  restore) shift; restore "$@" ;;
  *) fail "usage: postgres-backup.sh dump | list [DATABASE] | latest DATABASE | restore FILE DATABASE" ;;
esac
