using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Hosting.Publishing;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Infrastructure.Broker;

/// <summary>
/// The broker container's definitions, for containers mode and the published manifest (Kubernetes): the
/// definitions go in as a template with placeholders for the secrets, the secrets as the container's own
/// environment variables (Secret-fed in Kubernetes), and a start script renders them (hashing each password
/// the way RabbitMQ does) before it hands over to the image's entrypoint. So no secret is in the template,
/// the manifest or a ConfigMap, and every start loads the current ones.
/// </summary>
public static class BrokerStartScript
{
    const string TemplateVariable = "FD_RABBITMQ_DEFINITIONS_TEMPLATE";
    const string ScriptVariable = "FD_RABBITMQ_START";
    const string OperatorUserVariable = "FD_BROKER_OPERATOR_USER";
    /// <summary>This cluster's links' password on the peer, which the upstreams' URIs carry (the peer's links' is a user's, hashed).</summary>
    const string LinkPasswordVariable = "FD_BROKER_LINK_PASSWORD";
    const int AmqpTargetPort = 5672;

    // Bash, because the image is Ubuntu's: the hash is base64(salt ++ sha256(salt ++ password)), bytes piped, never captured.
    const string Script = """
        set -euo pipefail
        dir=/tmp/fooddelivery-broker
        mkdir -p "$dir/conf.d"
        cp /etc/rabbitmq/conf.d/*.conf "$dir/conf.d/" 2>/dev/null || true
        hex_to_bytes() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
        password_hash() {
          local salt digest
          salt=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
          digest=$({ hex_to_bytes "$salt"; printf '%s' "$1"; } | sha256sum | cut -d' ' -f1)
          hex_to_bytes "$salt$digest" | base64 -w0
        }
        definitions=$(printf '%s' "$FD_RABBITMQ_DEFINITIONS_TEMPLATE" | base64 -d)
        # With a peer cluster: its links verify the peer's certificate against the peer's CA (base64 PEM, from the
        # cluster's Secret) and its name against the host of the peer's address.
        if [ -n "${FD_BROKER_PEER_ADDRESS:-}" ]; then
          export FD_BROKER_PEER_HOST="${FD_BROKER_PEER_ADDRESS%:*}"
        fi
        if [[ $definitions == *"$dir/peer-ca.crt"* ]]; then
          [ -n "${FD_BROKER_PEER_CA:-}" ] || { echo "fooddelivery: peer-messaging-ca (the peer cluster's CA certificate, base64) is not set." >&2; exit 1; }
          printf '%s' "$FD_BROKER_PEER_CA" | base64 -d > "$dir/peer-ca.crt"
        fi
        for name in $(compgen -e | grep '^FD_BROKER_'); do
          value=${!name}
          definitions=${definitions//"@@HASH:$name@@"/$(password_hash "$value")}
          definitions=${definitions//"@@$name@@"/$value}
        done
        ( umask 022; printf '%s' "$definitions" > "$dir/definitions.json" )
        echo "load_definitions = $dir/definitions.json" > "$dir/conf.d/90-fooddelivery.conf"
        if [ -n "${FD_TLS_SERVER_SECRET:-}" ]; then
          tls=${FD_TLS_DIRECTORY:-/etc/fooddelivery/tls}
          for file in tls.crt tls.key ca.crt; do
            [ -r "$tls/$file" ] || { echo "fooddelivery: $tls/$file is missing: mount the $FD_TLS_SERVER_SECRET Secret there." >&2; exit 1; }
          done
          printf '%s\n' 'listeners.tcp = none' 'listeners.ssl.default = 5671' \
            "ssl_options.cacertfile = $tls/ca.crt" "ssl_options.certfile = $tls/tls.crt" "ssl_options.keyfile = $tls/tls.key" \
            'ssl_options.verify = verify_none' 'ssl_options.fail_if_no_peer_cert = false' \
            'ssl_options.versions.1 = tlsv1.3' 'ssl_options.versions.2 = tlsv1.2' > "$dir/conf.d/80-fooddelivery-tls.conf"
        fi
        export RABBITMQ_CONFIG_FILES="$dir/conf.d"
        exec docker-entrypoint.sh rabbitmq-server
        """;

    public static IResourceBuilder<T> WithDefinitionsRenderedAtStart<T>(this IResourceBuilder<T> broker, Cluster cluster, SyncParameters parameters)
        where T : ContainerResource
    {
        var template = BrokerDefinitions.Build(new BrokerDefinitions.Input(
            cluster,
            $"@@{OperatorUserVariable}@@",
            user => $"@@HASH:{PasswordVariable(user)}@@",
            cluster.Name is { } name && cluster.HasPeer
                ? PeerUpstreamUri(broker.ApplicationBuilder, $"{BrokerNames.FederationUser(name)}:@@{LinkPasswordVariable}@@",
                    new Cluster(cluster.Peer, cluster.Name).ResourceName(SyncInfrastructureExtensions.BrokerName))
                : null));
        // Base64: a manifest reads every {...} in a value as an expression, and JSON and bash are full of braces.
        broker.WithEnvironment(TemplateVariable, Base64(template.ToJsonString()))
            .WithEnvironment(ScriptVariable, Base64(Script))
            .WithEnvironment(OperatorUserVariable, parameters.BrokerUser)
            .WithEntrypoint("bash")
            .WithArgs("-c", $"eval \"$(printf '%s' \"${ScriptVariable}\" | base64 -d)\"");
        var credentials = parameters.CredentialsOf(cluster.Name);
        foreach (var (user, password) in credentials.BrokerUsers.PasswordsByUser(credentials.BrokerPassword))
        {
            broker.WithEnvironment(PasswordVariable(user), password);
        }
        if (credentials.BrokerUsers.LinkPassword is { } linkPassword)
        {
            broker.WithEnvironment(LinkPasswordVariable, linkPassword);
        }
        return broker;
    }

    /// <summary>
    /// Published, the links dial the peer over TLS and verify it with the peer's CA, which the start script writes
    /// (<c>FD_BROKER_PEER_CA</c>); Tools/ManifestToKubernetes puts the peer's public address in place of its resource
    /// name. Containers on a developer's machine keep plaintext, as their servers do.
    /// </summary>
    static string PeerUpstreamUri(IDistributedApplicationBuilder builder, string userInfo, string peerBroker) =>
        builder.ExecutionContext.IsPublishMode
            ? BrokerDefinitionsExtensions.FederationUpstreamUri(userInfo, $"{peerBroker}:{PublishedTls.AmqpsPort}", peerBroker, "/tmp/fooddelivery-broker/peer-ca.crt")
            : $"amqp://{userInfo}@{peerBroker}:{AmqpTargetPort}";

    static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    static string PasswordVariable(string user) => $"FD_BROKER_PASSWORD_{user.ToUpperInvariant().Replace('-', '_')}";
}
