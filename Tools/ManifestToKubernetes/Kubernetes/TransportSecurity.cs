using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// TLS on every connection that leaves a pod, as the manifest asks for it: a server whose environment names its
/// Secret (<see cref="ServerSecretVariable"/>, the broker and PostgreSQL) gets that Secret mounted at
/// <see cref="Directory"/> and a cert-manager <c>Certificate</c> for the names its clients dial; a client whose
/// environment names the CA's Secret (<see cref="CertificateAuthoritySecretVariable"/>, the services) gets that
/// Secret's <c>ca.crt</c> alone there, never the CA's key. The folder <c>tls/</c> holds the cluster's own CA (a
/// self-signed root that cert-manager makes and keeps) and its Issuer. Operators who issue certificates otherwise
/// drop the folder and supply the Secrets of the same names (docs/kubernetes.md).
/// </summary>
public static class TransportSecurity
{
    public const string ServerSecretVariable = "FD_TLS_SERVER_SECRET";

    public const string CertificateAuthoritySecretVariable = "FD_TLS_CA_SECRET";

    public const string Directory = "/etc/fooddelivery/tls";

    public const string FolderName = "tls";

    public const string CertManagerApiVersion = "cert-manager.io/v1";

    /// <summary>The CA's Certificate, its Secret and the Issuer that signs with it share this name.</summary>
    public const string CertificateAuthority = "fooddelivery-ca";

    const string SelfSignedIssuer = "fooddelivery-selfsigned";
    const string VolumeName = "tls";

    /// <summary>Read by the server's own user (fsGroup) only: PostgreSQL refuses a key others can read.</summary>
    const int SecretFileMode = 0b100_100_000; // 0440

    /// <summary>A CA certificate is no secret, and a service's user is not the file's group.</summary>
    const int PublicFileMode = 0b100_100_100; // 0444

    /// <summary>The Secret a workload's environment asks to be mounted, as a volume and its mount.</summary>
    public static (V1Volume Volume, V1VolumeMount Mount)? MountFor(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(ServerSecretVariable, out var server)
            ? Mount(new V1SecretVolumeSource { SecretName = server, DefaultMode = SecretFileMode })
            : environment.TryGetValue(CertificateAuthoritySecretVariable, out var authority) ? TrustMount(authority)
            : null;

    /// <summary>The <c>ca.crt</c> of the CA's Secret alone, for a client (a service, a job) that verifies the servers.</summary>
    public static (V1Volume Volume, V1VolumeMount Mount) TrustMount(string secret = CertificateAuthority) => Mount(new V1SecretVolumeSource
    {
        SecretName = secret,
        DefaultMode = PublicFileMode,
        Items = [new V1KeyToPath { Key = "ca.crt", Path = "ca.crt" }],
    });

    /// <summary>libpq's settings for a job that reaches PostgreSQL as the services do: TLS, the server verified with <see cref="TrustMount"/>'s CA.</summary>
    public static IEnumerable<V1EnvVar> VerifyingPostgresClient() =>
    [
        new V1EnvVar { Name = "PGSSLMODE", Value = "verify-full" },
        new V1EnvVar { Name = "PGSSLROOTCERT", Value = $"{Directory}/ca.crt" },
    ];

    static (V1Volume Volume, V1VolumeMount Mount) Mount(V1SecretVolumeSource source) =>
        (new V1Volume { Name = VolumeName, Secret = source }, new V1VolumeMount { Name = VolumeName, MountPath = Directory, ReadOnlyProperty = true });

    /// <summary>The CA, its Issuer and a Certificate per server Secret, for the Services the server is reached by.</summary>
    public static ResourceFolder Create(AspireManifest manifest, string @namespace, IDictionary<string, string> labels)
    {
        var files = new List<KubernetesFile>
        {
            new("issuer-selfsigned.yaml", CustomResource.Create(CertManagerApiVersion, "Issuer", SelfSignedIssuer, labels,
                CustomResource.Map(("selfSigned", CustomResource.Map())))),
            new("certificate-ca.yaml", CustomResource.Create(CertManagerApiVersion, "Certificate", CertificateAuthority, labels, CustomResource.Map(
                ("isCA", true),
                ("commonName", $"FoodDelivery {@namespace} CA"),
                ("secretName", CertificateAuthority),
                ("duration", "87600h"),
                ("privateKey", CustomResource.Map(("algorithm", "ECDSA"), ("size", 256))),
                ("issuerRef", CustomResource.Map(("name", SelfSignedIssuer), ("kind", "Issuer")))))),
            new("issuer-ca.yaml", CustomResource.Create(CertManagerApiVersion, "Issuer", CertificateAuthority, labels,
                CustomResource.Map(("ca", CustomResource.Map(("secretName", CertificateAuthority)))))),
        };
        foreach (var server in manifest.Resources.Where(r => r.IsWorkload))
        {
            if (server.Environment.FirstOrDefault(e => e.Key == ServerSecretVariable).Value is not { } secret)
            {
                continue;
            }
            files.Add(new KubernetesFile($"certificate-{server.Name}.yaml",
                ServerCertificate(secret, DnsNames(server.Name, @namespace), labels)));
        }
        return new ResourceFolder(FolderName, files);
    }

    /// <summary>A server's certificate from the cluster's CA, renewed by cert-manager a third of its life before it ends.</summary>
    public static Dictionary<string, object?> ServerCertificate(string secret, IEnumerable<string> dnsNames, IDictionary<string, string> labels) =>
        CustomResource.Create(CertManagerApiVersion, "Certificate", secret, labels, CustomResource.Map(
            ("secretName", secret),
            ("duration", "2160h"),
            ("dnsNames", dnsNames.ToList()),
            ("usages", new[] { "server auth", "digital signature", "key encipherment" }),
            ("privateKey", CustomResource.Map(("algorithm", "RSA"), ("size", 2048), ("rotationPolicy", "Always"))),
            ("issuerRef", CustomResource.Map(("name", CertificateAuthority), ("kind", "Issuer")))));

    /// <summary>The names a Service <paramref name="service"/> is dialled by inside the cluster.</summary>
    public static IEnumerable<string> DnsNames(string service, string @namespace) =>
        [service, $"{service}.{@namespace}", $"{service}.{@namespace}.svc", $"{service}.{@namespace}.svc.cluster.local"];
}
