#!/usr/bin/env bash
# Runs the Debian package's RabbitMQ in the foreground for Aspire's local infrastructure mode.
# Inputs (environment): RABBITMQ_BASE_DIR, RABBITMQ_NODENAME, RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT,
# FD_RABBITMQ_USER, FD_RABBITMQ_PASSWORD, FD_RABBITMQ_MANAGEMENT_PORT, FD_RABBITMQ_PROMETHEUS_PORT.
# Optional: RABBITMQ_ENABLED_PLUGINS (read by RabbitMQ itself) replaces the plugins file written below;
# the AppHost sets it with two clusters to add the federation plugins.
set -euo pipefail
: "${RABBITMQ_BASE_DIR:?}" "${RABBITMQ_NODENAME:?}" "${RABBITMQ_NODE_PORT:?}" "${RABBITMQ_DIST_PORT:?}"
: "${FD_RABBITMQ_USER:?}" "${FD_RABBITMQ_PASSWORD:?}" "${FD_RABBITMQ_MANAGEMENT_PORT:?}" "${FD_RABBITMQ_PROMETHEUS_PORT:?}"

base=$RABBITMQ_BASE_DIR
mkdir -p "$base/mnesia" "$base/log" "$base/home"
export HOME="$base/home"
export RABBITMQ_MNESIA_BASE="$base/mnesia"
export RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
# Log to the console so the dashboard shows the broker's output.
export RABBITMQ_LOGS=-

echo '[rabbitmq_management,rabbitmq_prometheus].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"

# The user is imported from definitions at every boot, so a changed password parameter takes
# effect on existing data. RabbitMQ stores salted SHA-256 hashes: base64(salt ++ sha256(salt ++ password)).
hex_to_bytes() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
salt=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
digest=$({ hex_to_bytes "$salt"; printf '%s' "$FD_RABBITMQ_PASSWORD"; } | sha256sum | cut -d' ' -f1)
hash=$(hex_to_bytes "$salt$digest" | base64 -w0)
user_json=$(printf '%s' "$FD_RABBITMQ_USER" | sed 's/[\\"]/\\&/g')
( umask 077
  cat > "$base/definitions.json" <<JSON
{
  "users": [{ "name": "$user_json", "password_hash": "$hash",
              "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["administrator"] }],
  "vhosts": [{ "name": "/" }],
  "permissions": [{ "user": "$user_json", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*" }]
}
JSON
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.1 = 127.0.0.1:$RABBITMQ_NODE_PORT
load_definitions = $base/definitions.json
management.tcp.ip = 127.0.0.1
management.tcp.port = $FD_RABBITMQ_MANAGEMENT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $FD_RABBITMQ_PROMETHEUS_PORT
CONF
)

exec /usr/lib/rabbitmq/bin/rabbitmq-server
