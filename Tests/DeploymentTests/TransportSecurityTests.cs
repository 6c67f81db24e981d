using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s.Models;
using Npgsql;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The TLS wiring of every workload once built: the servers serve certificates of the cluster's CA from their own
/// Secrets and take no plaintext (the broker has no plaintext listener, PostgreSQL's host rules refuse it), each
/// certificate names what its clients dial, every service trusts the CA alone (its <c>ca.crt</c>, never a key) and
/// verifies both servers; in the layouts over the base (HA, the two clusters) the same holds with the operators'
/// objects and the federation link.
/// </summary>
public sealed class TransportSecurityTests(KustomizeBuild build) : IClassFixture<KustomizeBuild>
{
    const string Directory = TransportSecurity.Directory;

    [Fact]
    public void Every_service_trusts_the_cluster_CA_alone_and_verifies_the_broker_and_the_database()
    {
        var services = build.OfKind<V1Deployment>().Where(d => d.Spec.Template.Metadata.Labels[DeploymentConventions.ComponentLabel] == DeploymentConventions.ServiceComponent).ToList();
        Assert.Equal(7, services.Count);
        foreach (var service in services)
        {
            var pod = service.Spec.Template.Spec;
            var container = pod.Containers.Single();
            var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == Directory);
            Assert.True(mount.ReadOnlyProperty);
            var secret = pod.Volumes.Single(v => v.Name == mount.Name).Secret;
            Assert.Equal(TransportSecurity.CertificateAuthority, secret.SecretName);
            // The CA's Secret also holds its key: only the certificate may reach a service.
            Assert.Equal(["ca.crt"], secret.Items.Select(item => item.Key));
            Assert.DoesNotContain(pod.Volumes, v => v.Secret is { } other && other.Items is null);

            var broker = new Uri(container.Env.Single(e => e.Name == "ConnectionStrings__messaging").Value);
            Assert.Equal("amqps", broker.Scheme);
            Assert.Equal(5671, broker.Port);
            Assert.Equal($"?cacertfile={Directory}/ca.crt", broker.Query);
            var database = new NpgsqlConnectionStringBuilder(container.Env.Single(e => e.Name == $"ConnectionStrings__{service.Name()}db").Value);
            Assert.Equal(SslMode.VerifyFull, database.SslMode);
            Assert.Equal($"{Directory}/ca.crt", database.RootCertificate);
        }
    }

    [Fact]
    public void The_broker_listens_for_AMQP_over_TLS_only_with_its_own_certificate()
    {
        var broker = build.OfKind<V1StatefulSet>().Single(s => s.Name() == "messaging");
        var pod = broker.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Equal([5671, 15672, 15692], container.Ports.Select(p => p.ContainerPort));
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == Directory);
        Assert.Equal("messaging-tls", pod.Volumes.Single(v => v.Name == mount.Name).Secret.SecretName);
        // The start script writes the TLS listener and closes the plaintext one when it is given its Secret.
        var environment = build.OfKind<V1ConfigMap>().Single(c => c.Name() == "messaging-env").Data;
        Assert.Equal("messaging-tls", environment[TransportSecurity.ServerSecretVariable]);
        var script = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(environment["FD_RABBITMQ_START"]));
        Assert.Contains("'listeners.tcp = none' 'listeners.ssl.default = 5671'", script, StringComparison.Ordinal);
        Assert.Equal(5671, build.OfKind<V1Service>().Single(s => s.Name() == "messaging").Spec.Ports.Single().Port);
    }

    [Fact]
    public void PostgreSQL_serves_its_own_certificate_and_refuses_plaintext_over_TCP()
    {
        var server = build.OfKind<V1StatefulSet>().Single(s => s.Name() == "postgres");
        var pod = server.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var args = string.Join(' ', container.Args);
        Assert.Contains("-c ssl=on", args, StringComparison.Ordinal);
        Assert.Contains($"-c ssl_cert_file={Directory}/tls.crt -c ssl_key_file={Directory}/tls.key", args, StringComparison.Ordinal);
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == Directory);
        var secret = pod.Volumes.Single(v => v.Name == mount.Name).Secret;
        Assert.Equal("postgres-tls", secret.SecretName);
        // PostgreSQL refuses a key that others may read: the server's group (fsGroup) reads it, nobody else.
        Assert.Equal(0b100_100_000, secret.DefaultMode);

        var hbaFile = args.Split(' ').Single(a => a.StartsWith("hba_file=", StringComparison.Ordinal))["hba_file=".Length..];
        var hbaMount = container.VolumeMounts.Single(m => hbaFile.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var hbaMap = build.OfKind<V1ConfigMap>().Single(c => c.Name() == pod.Volumes.Single(v => v.Name == hbaMount.Name).ConfigMap.Name);
        var rules = hbaMap.Data[Path.GetFileName(hbaFile)].Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.DoesNotContain(rules, rule => rule[0] == "host");
        Assert.Contains(rules, rule => rule is ["hostnossl", "all", "all", "all", "reject"]);
        Assert.All(rules.Where(rule => rule[0] == "hostssl"), rule => Assert.Equal("scram-sha-256", rule[^1]));
    }

    [Fact]
    public void Every_server_certificate_comes_from_the_cluster_CA_and_names_the_Service_its_clients_dial()
    {
        var certificates = build.CustomResources.Where(r => (string?)r["kind"] == "Certificate").ToDictionary(r => (string)r["spec"]!["secretName"]!);
        var authority = certificates[TransportSecurity.CertificateAuthority];
        Assert.True((bool)authority["spec"]!["isCA"]!);
        foreach (var server in new[] { "messaging", "postgres" })
        {
            var spec = certificates[$"{server}-tls"]["spec"]!;
            Assert.Equal(TransportSecurity.CertificateAuthority, (string)spec["issuerRef"]!["name"]!);
            Assert.Contains(server, spec["dnsNames"]!.AsArray().Select(name => (string)name!));
            Assert.Contains("server auth", spec["usages"]!.AsArray().Select(usage => (string)usage!));
        }
        var issuer = build.CustomResources.Single(r => (string?)r["kind"] == "Issuer" && (string?)r["metadata"]!["name"] == TransportSecurity.CertificateAuthority);
        Assert.Equal(TransportSecurity.CertificateAuthority, (string)issuer["spec"]!["ca"]!["secretName"]!);
        Assert.Equal(5, build.CustomResources.Count);
        Assert.All(build.CustomResources, Valid);
    }

    [Fact]
    public void In_the_HA_layout_the_operators_serve_the_same_certificates_and_refuse_plaintext()
    {
        using var ha = new OverlayBuild($"overlays/{HighAvailabilityOverlay.FolderName}");
        var rabbit = ha.CustomResource("RabbitmqCluster", "messaging")["spec"]!;
        Assert.Equal("messaging-tls", (string)rabbit["tls"]!["secretName"]!);
        Assert.True((bool)rabbit["tls"]!["disableNonTLSListeners"]!);
        var cluster = ha.CustomResource("Cluster", "postgres")["spec"]!;
        Assert.Equal("postgres-tls", (string)cluster["certificates"]!["serverTLSSecret"]!);
        Assert.Equal(TransportSecurity.CertificateAuthority, (string)cluster["certificates"]!["serverCASecret"]!);
        Assert.Contains("hostnossl all all all reject", cluster["postgresql"]!["pg_hba"]!.AsArray().Select(rule => (string)rule!));
        var names = ha.CustomResource("Certificate", "postgres-tls")["spec"]!["dnsNames"]!.AsArray().Select(name => (string)name!).ToList();
        Assert.Contains(HighAvailabilityOverlay.PrimaryService("postgres"), names);
        Assert.All(ha.CustomResources, Valid);
    }

    [Theory]
    [InlineData("east", "west")]
    [InlineData("west", "east")]
    public void A_cluster_s_broker_certificate_names_the_address_its_peer_dials_and_its_links_verify_the_peer_s_CA(string cluster, string peer)
    {
        // Its secrets.env and the shared one are made up from their examples.
        using var built = new OverlayBuild(Path.Combine("overlays", cluster));
        var names = built.CustomResource("Certificate", "messaging-tls")["spec"]!["dnsNames"]!.AsArray().Select(name => (string)name!).ToList();
        Assert.Contains("messaging", names);
        Assert.Contains($"amqp.{cluster}.fooddelivery.example", names);
        var broker = built.Objects.OfType<V1StatefulSet>().Single(s => s.Name() == "messaging").Spec.Template.Spec.Containers.Single();
        Assert.Equal(ClusterOverlays.PeerCertificateAuthorityKey,
            broker.Env.Single(e => e.Name == ClusterOverlays.PeerCertificateAuthorityVariable).ValueFrom.SecretKeyRef.Key);
        Assert.Contains($"{peer}'s CA certificate", File.ReadAllText(Path.Combine(Repository.OverlaysDirectory, cluster, DeploymentConventions.SecretsExampleFile)), StringComparison.Ordinal);
        Assert.All(built.CustomResources, Valid);
    }

    static void Valid(JsonObject resource) =>
        Assert.Empty(CustomResourceDefinitions.For((string)resource["apiVersion"]!, (string)resource["kind"]!).Validate(resource));
}
