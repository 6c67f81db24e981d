namespace FoodDelivery.Hosting.Publishing;

/// <summary>
/// TLS once published: the broker and PostgreSQL serve certificates from a Secret each (<c>messaging-tls</c>,
/// <c>postgres-tls</c>: <c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>), which cert-manager issues from the
/// cluster's CA (or the operator supplies), and the services trust that CA's certificate alone, from the
/// <c>fooddelivery-ca</c> Secret's <c>ca.crt</c>. The manifest says which Secret a workload needs through the
/// variables below; Tools/ManifestToKubernetes mounts it at <see cref="Directory"/> and issues the certificates.
/// </summary>
public static class PublishedTls
{
    /// <summary>Where a workload finds its certificate, key and the CA (or, for a service, the CA alone).</summary>
    public const string Directory = "/etc/fooddelivery/tls";

    public const string CertificateAuthorityFile = Directory + "/ca.crt";

    /// <summary>A server's Secret, whose certificate names the server's Services.</summary>
    public const string ServerSecretVariable = "FD_TLS_SERVER_SECRET";

    /// <summary>The Secret whose <c>ca.crt</c> a client trusts.</summary>
    public const string CertificateAuthoritySecretVariable = "FD_TLS_CA_SECRET";

    public const string CertificateAuthoritySecret = "fooddelivery-ca";

    /// <summary>RabbitMQ's port for AMQP over TLS; the plaintext listener is closed.</summary>
    public const int AmqpsPort = 5671;

    const string HbaFolder = "Infrastructure/postgres-hba";
    const string ImageHbaFolder = "/etc/fooddelivery/postgres";

    public static string ServerSecret(string server) => $"{server}-tls";

    /// <summary>What a PostgreSQL connection string carries once published.</summary>
    public const string DatabaseClientSettings = $"SSL Mode=VerifyFull;Root Certificate={CertificateAuthorityFile}";

    /// <summary>The broker listens for AMQP over TLS only, with its Secret's certificate (the start script configures it).</summary>
    public static IResourceBuilder<RabbitMQServerResource> WithPublishedTls(this IResourceBuilder<RabbitMQServerResource> broker) =>
        broker.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? broker
                .WithEndpoint("tcp", endpoint => endpoint.TargetPort = AmqpsPort)
                .WithEnvironment(ServerSecretVariable, ServerSecret(broker.Resource.Name))
            : broker;

    /// <summary>PostgreSQL serves TLS with its Secret's certificate, and refuses plaintext TCP (its own pg_hba.conf).</summary>
    public static IResourceBuilder<PostgresServerResource> WithPublishedTls(this IResourceBuilder<PostgresServerResource> server) =>
        server.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? server
                .WithEnvironment(ServerSecretVariable, ServerSecret(server.Resource.Name))
                .WithBindMount(HbaFolder, ImageHbaFolder, isReadOnly: true)
                .WithArgs(
                    "-c", "ssl=on",
                    "-c", $"ssl_cert_file={Directory}/tls.crt",
                    "-c", $"ssl_key_file={Directory}/tls.key",
                    "-c", "ssl_min_protocol_version=TLSv1.2",
                    "-c", $"hba_file={ImageHbaFolder}/pg_hba.conf")
            : server;

    /// <summary>A service trusts the cluster's CA for its broker and database connections.</summary>
    public static IResourceBuilder<T> WithPublishedCertificateAuthority<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment =>
        service.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? service.WithEnvironment(CertificateAuthoritySecretVariable, CertificateAuthoritySecret)
            : service;
}
