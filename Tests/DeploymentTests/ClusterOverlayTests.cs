using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// aspire-manifest/overlays/east and west, built by <c>kubectl kustomize</c> with strict loading: each
/// cluster named, federation declared in the definitions the broker loads at boot (upstreams and
/// policies towards the peer), AMQP exposed to the peer's addresses only, every secret each cluster's own
/// but the shared token key.
/// </summary>
public sealed class ClusterOverlayTests
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);
    static readonly AspireManifest TwoClusters = AspireManifest.Load(Repository.TwoClustersManifestPath);
    static readonly string[] Owners = Manifest.Resources.Where(r => r.IsProject).Select(r => r.Name).ToArray();

    [Fact]
    public void The_committed_overlays_are_what_the_generator_makes_of_the_committed_manifests()
    {
        var regenerated = Directory.CreateTempSubdirectory("fooddelivery-overlays-");
        try
        {
            ClusterOverlays.WriteTo(Manifest, TwoClusters, regenerated.FullName, "../k8s", new Dictionary<string, ClusterOverlays.Peer>(), DeploymentConventions.DefaultNamespace);
            // overlays/ha is the high-availability overlay's (HighAvailabilityOverlayTests).
            var committed = Repository.Files(Repository.OverlaysDirectory);
            foreach (var key in committed.Keys.Where(k => k.StartsWith(HighAvailabilityOverlay.FolderName + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList())
            {
                committed.Remove(key);
            }
            Assert.Equal(Repository.Files(regenerated.FullName), committed);
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("east", "west")]
    [InlineData("west", "east")]
    public void A_cluster_overlay_names_its_cluster_federates_from_the_peer_at_boot_and_exposes_amqp_to_the_peer_only(string cluster, string peer)
    {
        using var build = new ClusterBuild(cluster);
        foreach (var service in Owners)
        {
            var data = build.ConfigMap($"{service}-env");
            Assert.Equal(cluster, data["Sync__Cluster"]);
            Assert.Equal(peer, data["Sync__PeerCluster"]);
            Assert.DoesNotContain(data.Keys, k => k.Contains($"__{peer}-", StringComparison.Ordinal));
            // The peer namesake's caller key serves the cross-cluster convergence check, which needs the peer's services by name: left out too.
            Assert.DoesNotContain($"Sync__SnapshotReaders__{peer}-{service}", data.Keys);
        }

        var broker = build.ConfigMap("messaging-env");
        Assert.Contains("rabbitmq_federation", broker["RABBITMQ_ENABLED_PLUGINS"].Split(','));
        var definitions = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(broker["FD_RABBITMQ_DEFINITIONS_TEMPLATE"])))!;
        var upstreams = definitions["parameters"]!.AsArray().Where(p => (string?)p!["component"] == "federation-upstream").ToList();
        Assert.Equal(Owners.Select(o => $"{peer}-{o}").Order(), upstreams.Select(u => (string)u!["name"]!).Order());
        Assert.All(upstreams, u => Assert.EndsWith($"@@@{ClusterOverlays.PeerAddressVariable}@@", (string)u!["value"]!["uri"]!, StringComparison.Ordinal));
        var policies = definitions["policies"]!.AsArray();
        foreach (var owner in Owners)
        {
            Assert.Contains(policies, p => (string?)p!["name"] == $"federate-{peer}-{owner}"
                && (string?)p["definition"]!["federation-upstream"] == $"{peer}-{owner}");
        }
        Assert.False(string.IsNullOrEmpty(broker[ClusterOverlays.PeerAddressVariable]));

        var exposed = Assert.Single(build.Objects.OfType<V1Service>(), s => s.Spec.Type == "LoadBalancer");
        Assert.Equal([5672], exposed.Spec.Ports.Select(p => p.Port));
        var cidr = Assert.Single(exposed.Spec.LoadBalancerSourceRanges);
        var policy = Assert.Single(build.Objects.OfType<V1NetworkPolicy>(), p => p.Name() == exposed.Name());
        Assert.Equal(cidr, Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty).IpBlock.Cidr);
        Assert.Equal(cidr, Assert.Single(Assert.Single(policy.Spec.Egress).To).IpBlock.Cidr);

        var secret = Assert.Single(build.Objects.OfType<V1Secret>());
        foreach (var (key, _) in ClusterOverlays.SharedSecrets)
        {
            Assert.Equal(ClusterBuild.SharedValue(key), Encoding.UTF8.GetString(secret.Data[key]));
        }
        // Operator keys are each cluster's own (its own secrets.env), never shared: a key of one cluster opens nothing in the other.
        // The deployment holds only their digests; the keys stay with the operators.
        Assert.Equal(ClusterBuild.OwnValue(cluster, "sync-read-key-digest"), Encoding.UTF8.GetString(secret.Data["sync-read-key-digest"]));
        Assert.Equal(ClusterBuild.OwnValue(cluster, "sync-repair-key-digest"), Encoding.UTF8.GetString(secret.Data["sync-repair-key-digest"]));
        Assert.DoesNotContain(secret.Data.Keys, key => key is "sync-read-key" or "sync-repair-key");
        Assert.Equal(["jwt-signing-key"], ClusterOverlays.SharedSecrets.Select(shared => shared.Key));
    }

    /// <summary>
    /// Each overlay's Secret is made of its own <c>secrets.env</c> (and the shared token key): built with a distinct value per
    /// cluster and key, east's and west's Secrets hold the same keys and differ in every value but the token key's, and
    /// nothing of the base's <c>k8s/secrets.env</c> is in either.
    /// </summary>
    [Fact]
    public void Each_cluster_s_secret_is_its_own_so_east_and_west_differ_in_every_value_but_the_shared_token_key()
    {
        using var east = new ClusterBuild("east");
        using var west = new ClusterBuild("west");
        var eastSecret = Assert.Single(east.Objects.OfType<V1Secret>()).Data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value));
        var westSecret = Assert.Single(west.Objects.OfType<V1Secret>()).Data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value));

        Assert.Equal(eastSecret.Keys.Order(), westSecret.Keys.Order());
        Assert.Contains("messaging-federation-password", eastSecret.Keys);
        Assert.Contains(ClusterOverlays.PeerSecretPrefix + "messaging-federation-password", eastSecret.Keys);
        var shared = ClusterOverlays.SharedSecrets.Select(s => s.Key).ToHashSet();
        var equal = eastSecret.Keys.Where(key => !shared.Contains(key) && eastSecret[key] == westSecret[key]).ToList();
        Assert.True(equal.Count == 0, $"east and west share {string.Join(", ", equal)}");
        Assert.DoesNotContain(eastSecret.Concat(westSecret), entry => entry.Value.StartsWith("base-", StringComparison.Ordinal));
        // Each broker checks the peer's links with what the peer's links log in with.
        Assert.Equal(westSecret["messaging-federation-password"], eastSecret[ClusterOverlays.PeerSecretPrefix + "messaging-federation-password"]);
    }

    [Theory]
    [InlineData("east")]
    [InlineData("west")]
    public void A_cluster_overlay_s_secrets_example_names_every_secret_its_pods_read_but_the_shared_ones(string cluster)
    {
        using var build = new ClusterBuild(cluster);
        var read = build.Objects.OfType<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers)
            .Concat(build.Objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers))
            .SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Key).OfType<string>().ToHashSet();
        var named = ClusterBuild.ExampleKeys(cluster).Concat(ClusterOverlays.SharedSecrets.Select(s => s.Key)).ToHashSet();
        Assert.Empty(read.Except(named));
        Assert.DoesNotContain(ClusterOverlays.SharedSecrets, shared => ClusterBuild.ExampleKeys(cluster).Contains(shared.Key));
    }

    /// <summary>
    /// The broker's own start script, run on what the overlay gives the pod (a stand-in for the image's
    /// entrypoint prints the rendered definitions): the upstreams' URIs reach the peer's address as the
    /// cluster's own federation user with its own password, and the peer's federation user (the only other one) may touch
    /// only its links' objects, by their exact names.
    /// </summary>
    [Fact]
    public async Task The_broker_start_script_renders_upstreams_that_log_into_the_peer_as_the_cluster_s_own_federation_user()
    {
        using var build = new ClusterBuild("east");
        var broker = build.ConfigMap("messaging-env");
        var bin = Directory.CreateTempSubdirectory("fooddelivery-entrypoint-");
        try
        {
            var entrypoint = Path.Combine(bin.FullName, "docker-entrypoint.sh");
            File.WriteAllText(entrypoint, "#!/bin/sh\ncat /tmp/fooddelivery-broker/definitions.json\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(entrypoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("eval \"$(printf '%s' \"$FD_RABBITMQ_START\" | base64 -d)\"");
            start.Environment["PATH"] = $"{bin.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
            foreach (var (key, value) in broker)
            {
                start.Environment[key] = value;
            }
            var secret = Assert.Single(build.Objects.OfType<V1Secret>());
            var statefulSet = Assert.Single(build.Objects.OfType<V1StatefulSet>(), s => s.Name() == "messaging");
            foreach (var variable in statefulSet.Spec.Template.Spec.Containers.Single().Env.Where(e => e.ValueFrom?.SecretKeyRef is not null))
            {
                start.Environment[variable.Name] = Encoding.UTF8.GetString(secret.Data[variable.ValueFrom.SecretKeyRef.Key]);
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await error);
            var definitions = JsonNode.Parse(output)!;
            var upstream = definitions["parameters"]!.AsArray().First(p => (string?)p!["component"] == "federation-upstream")!;
            Assert.Equal($"amqp://federation-east:{ClusterBuild.OwnValue("east", "messaging-federation-password")}@{broker[ClusterOverlays.PeerAddressVariable]}",
                (string)upstream["value"]!["uri"]!);
            var users = definitions["users"]!.AsArray().Select(u => (string)u!["name"]!).ToList();
            Assert.Contains("federation-west", users);
            Assert.DoesNotContain("federation-east", users);
            Assert.DoesNotContain(users, u => u.Contains("@@", StringComparison.Ordinal));
            Assert.DoesNotContain(definitions["users"]!.AsArray(), u => ((string)u!["password_hash"]!).Contains("@@", StringComparison.Ordinal));
            var links = definitions["permissions"]!.AsArray().Single(p => (string?)p!["user"] == "federation-west")!;
            foreach (var permission in new[] { "configure", "write", "read" })
            {
                var pattern = (string)links[permission]!;
                Assert.StartsWith("^", pattern, StringComparison.Ordinal);
                Assert.EndsWith("$", pattern, StringComparison.Ordinal);
                Assert.DoesNotContain(".*", pattern, StringComparison.Ordinal);
            }
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    /// <summary>One overlay built from a copy of aspire-manifest/ with its secret files made up.</summary>
    /// <summary>
    /// A cluster overlay built with both clusters' own secrets made up (<see cref="OwnValue"/>, the peer's link password
    /// where the peer's is asked for) and the shared ones (<see cref="SharedValue"/>), beside the base's.
    /// </summary>
    sealed class ClusterBuild(string cluster) : IDisposable
    {
        static readonly string[] Clusters = ["east", "west"];

        readonly OverlayBuild build = new($"overlays/{cluster}", files: Clusters
            .ToDictionary(c => Path.Combine("overlays", c, DeploymentConventions.SecretsFile), c => ExampleKeys(c).Select(key => $"{key}={ValueIn(c, key)}"))
            .Append(KeyValuePair.Create(Path.Combine("overlays", ClusterOverlays.SharedSecretsComponent, ClusterOverlays.SharedSecretsFile),
                ClusterOverlays.SharedSecrets.Select(s => $"{s.Key}={SharedValue(s.Key)}")))
            .ToDictionary());

        public static string SharedValue(string key) => "shared" + key.Replace("-", "", StringComparison.Ordinal);

        public static string OwnValue(string cluster, string key) => cluster + key.Replace("-", "", StringComparison.Ordinal);

        /// <summary>The keys the overlay's committed <c>secrets.env.example</c> asks for.</summary>
        public static IReadOnlyList<string> ExampleKeys(string cluster) =>
            File.ReadAllLines(Path.Combine(Repository.OverlaysDirectory, cluster, DeploymentConventions.SecretsExampleFile))
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
                .ToList();

        static string ValueIn(string cluster, string key) => key.StartsWith(ClusterOverlays.PeerSecretPrefix, StringComparison.Ordinal)
            ? OwnValue(Clusters.Single(c => c != cluster), key[ClusterOverlays.PeerSecretPrefix.Length..])
            : OwnValue(cluster, key);

        public IReadOnlyList<object> Objects => build.Objects;

        public IDictionary<string, string> ConfigMap(string name) => Objects.OfType<V1ConfigMap>().Single(c => c.Name() == name).Data;

        public void Dispose() => build.Dispose();
    }
}
