#!/usr/bin/env bash
# Runs the Debian package's RabbitMQ in the foreground for Aspire's local infrastructure mode.
# Inputs (environment): RABBITMQ_BASE_DIR, RABBITMQ_NODENAME, FD_RABBITMQ_AMQPS_PORT, RABBITMQ_DIST_PORT,
# FD_RABBITMQ_DEFINITIONS_FILE, FD_RABBITMQ_MANAGEMENT_PORT, FD_RABBITMQ_PROMETHEUS_PORT,
# FD_TLS_CERT_FILE, FD_TLS_KEY_FILE, FD_TLS_CA_FILE (the server's certificate, key and CA, PEM).
# Optional: RABBITMQ_ENABLED_PLUGINS (read by RabbitMQ itself) replaces the plugins file written below;
# the AppHost sets it with two clusters to add the federation plugins.
set -euo pipefail
: "${RABBITMQ_BASE_DIR:?}" "${RABBITMQ_NODENAME:?}" "${FD_RABBITMQ_AMQPS_PORT:?}" "${RABBITMQ_DIST_PORT:?}"
: "${FD_RABBITMQ_DEFINITIONS_FILE:?}" "${FD_RABBITMQ_MANAGEMENT_PORT:?}" "${FD_RABBITMQ_PROMETHEUS_PORT:?}"
: "${FD_TLS_CERT_FILE:?}" "${FD_TLS_KEY_FILE:?}" "${FD_TLS_CA_FILE:?}"

base=$RABBITMQ_BASE_DIR
mkdir -p "$base/mnesia" "$base/log" "$base/home"
export HOME="$base/home"
export RABBITMQ_MNESIA_BASE="$base/mnesia"
export RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
# Everything goes to a file in the broker's folder; the console (the dashboard's view) gets warnings and
# errors only. A federated broker logs a long report for every failed link attempt, and a console flooded
# with them while the peer is down has left a restarted broker stuck before it listened.
unset RABBITMQ_LOGS

echo '[rabbitmq_management,rabbitmq_prometheus].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"

# AMQP over TLS only (no plaintext listener at all): services, tools and the peer's federation links all verify
# the certificate against the AppHost's local CA. Clients present no certificate: they log in with passwords.
# The AppHost writes the definitions (users with password hashes, permissions, exchanges, queues,
# bindings, federation) before every start; they are imported at every boot, so changed passwords and
# topology take effect on existing data.
( umask 077
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp = none
listeners.ssl.1 = 127.0.0.1:$FD_RABBITMQ_AMQPS_PORT
ssl_options.cacertfile = $FD_TLS_CA_FILE
ssl_options.certfile = $FD_TLS_CERT_FILE
ssl_options.keyfile = $FD_TLS_KEY_FILE
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
load_definitions = $FD_RABBITMQ_DEFINITIONS_FILE
management.tcp.ip = 127.0.0.1
management.tcp.port = $FD_RABBITMQ_MANAGEMENT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $FD_RABBITMQ_PROMETHEUS_PORT
log.file = $base/log/rabbit.log
log.file.level = info
log.console = true
log.console.level = warning
CONF
)

exec /usr/lib/rabbitmq/bin/rabbitmq-server
