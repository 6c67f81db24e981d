using System.Security.Cryptography;
using System.Text;
using FoodDelivery.ManifestToKubernetes.Kubernetes;
using FoodDelivery.ManifestToKubernetes.Manifest;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// Images not built from our projects, pinned by digest when the generator is given digests (<c>--pin-image</c>,
/// <c>--image-pins</c>): every layout generated with a pin for each then runs each of them by digest, in every
/// workload and operator object; the services' own images keep their release tag.
/// </summary>
public sealed class ImagePinTests
{
    static readonly AspireManifest Manifest = AspireManifest.Load(Repository.ManifestPath);
    static readonly AspireManifest TwoClusters = AspireManifest.Load(Repository.TwoClustersManifestPath);

    [Fact]
    public void With_a_digest_for_each_infrastructure_image_every_layout_pulls_them_by_digest()
    {
        var cnpgImage = (string)YamlDocuments.Load(File.ReadAllText(Path.Combine(Repository.OverlaysDirectory, HighAvailabilityOverlay.FolderName, "postgres-cluster.yaml")))
            .Single()!["spec"]!["imageName"]!;
        var infrastructure = Manifest.Resources.Where(r => r.IsContainer).Select(r => r.Image!)
            .Append(DeploymentConventions.DashboardImage).Append(CollectorFactory.Image).Append(cnpgImage).Distinct().ToList();
        Assert.Equal(5, infrastructure.Count); // RabbitMQ, PostgreSQL, the dashboard, the collector, CNPG's PostgreSQL
        var pins = infrastructure.ToDictionary(image => image, image => $"{image}@{Digest(image)}");
        var file = Path.GetTempFileName();
        var generated = Directory.CreateTempSubdirectory("fooddelivery-pinned-");
        try
        {
            File.WriteAllLines(file, ["# the infrastructure images by digest", .. pins.Values.Skip(1)]);
            var options = GeneratorOptions.Parse(["--pin-image", pins.Values.First(), "--image-pins", file]);
            KustomizeBuild.CopyDirectory(Repository.ManifestDirectory, generated.FullName);
            var output = KubernetesOutput.Generate(Manifest, options);
            output.WriteTo(Path.Combine(generated.FullName, "k8s"));
            ClusterOverlays.WriteTo(Manifest, TwoClusters, Path.Combine(generated.FullName, "overlays"), "../k8s",
                new Dictionary<string, ClusterOverlays.Peer>(), options.Namespace);
            HighAvailabilityOverlay.WriteTo(Manifest, output, Path.Combine(generated.FullName, "overlays", HighAvailabilityOverlay.FolderName), "../../k8s");
            Assert.Empty(options.ImagePins.Unused);

            foreach (var layout in Layouts.All.Select(l => (string)l[0]))
            {
                using var build = Layouts.Build(layout, source: generated.FullName);
                var images = PlatformConventionsTests.PodTemplates(build)
                    .SelectMany(t => t.Template.Spec.Containers.Select(c => (Owner: t.Owner, Image: c.Image)))
                    .Concat(build.CustomResources.Where(r => (string?)r["kind"] == "RabbitmqCluster").Select(r => (Owner: "RabbitmqCluster", Image: (string)r["spec"]!["image"]!)))
                    .Concat(build.CustomResources.Where(r => (string?)r["kind"] == "Cluster").Select(r => (Owner: "Cluster", Image: (string)r["spec"]!["imageName"]!)))
                    .ToList();
                foreach (var (owner, image) in images)
                {
                    if (image.StartsWith(options.ImageRegistry, StringComparison.Ordinal))
                    {
                        Assert.DoesNotContain("@", image, StringComparison.Ordinal); // ours: the release tag
                    }
                    else
                    {
                        Assert.True(pins.ContainsValue(image), $"{layout}: {owner} runs {image}, not pinned.");
                    }
                }
                Assert.Contains(images, i => i.Image.Contains("@sha256:", StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(file);
            generated.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_pin_that_matches_no_image_is_reported_and_a_malformed_one_refused()
    {
        var options = GeneratorOptions.Parse(["--pin-image", $"docker.io/library/postgres:17.0@{Digest("postgres:17.0")}"]);
        KubernetesOutput.Generate(Manifest, options);
        Assert.Equal(["docker.io/library/postgres:17.0"], options.ImagePins.Unused);
        Assert.Throws<ArgumentException>(() => GeneratorOptions.Parse(["--pin-image", "docker.io/library/postgres:18.3"]));
        Assert.Throws<ArgumentException>(() => GeneratorOptions.Parse(["--pin-image", "docker.io/library/postgres:18.3@sha256:abc"]));
    }

    [Fact]
    public void Without_pins_the_committed_output_names_the_infrastructure_images_by_tag()
    {
        var images = Directory.EnumerateFiles(Repository.ManifestDirectory, "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.DoesNotContain(images, text => text.Contains("@sha256:", StringComparison.Ordinal));
    }

    static string Digest(string image) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)));
}
