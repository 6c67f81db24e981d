using System.Text.RegularExpressions;

namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// Digests for the images not built from our projects (RabbitMQ, PostgreSQL, CloudNativePG's PostgreSQL, the dashboard):
/// a tag can be moved by whoever publishes it, a digest cannot, so with a pin the objects name <c>repo:tag@sha256:…</c>
/// (the tag stays for the reader; the runtime pulls by digest). Given as <c>repo:tag@sha256:…</c> references, one per
/// <c>--pin-image</c> or one a line of an <c>--image-pins</c> file (what <c>docker buildx imagetools inspect</c>,
/// <c>crane digest</c> or a registry's UI tell). A pin no generated object uses is an error: a typo must not leave
/// an image on its tag unnoticed.
/// </summary>
public sealed partial class ImagePins
{
    readonly Dictionary<string, string> digests = new(StringComparer.Ordinal);
    readonly HashSet<string> used = new(StringComparer.Ordinal);

    public static ImagePins None => new();

    public int Count => digests.Count;

    /// <summary>The pins no image of the output matched (checked once everything is generated).</summary>
    public IEnumerable<string> Unused => digests.Keys.Where(image => !used.Contains(image)).Order(StringComparer.Ordinal);

    /// <summary>Adds <c>repo:tag@sha256:&lt;64 hex&gt;</c>.</summary>
    public ImagePins Add(string reference)
    {
        var match = Pinned().Match(reference.Trim());
        if (!match.Success)
        {
            throw new ArgumentException($"Image pin '{reference}': use repo:tag@sha256:<64 hex digits>, e.g. docker.io/library/postgres:18.3@sha256:….");
        }
        var image = match.Groups["image"].Value;
        var digest = match.Groups["digest"].Value;
        if (digests.TryGetValue(image, out var other) && other != digest)
        {
            throw new ArgumentException($"Image {image} is pinned twice, to {other} and {digest}.");
        }
        digests[image] = digest;
        return this;
    }

    /// <summary>Reads a file of pins: one reference a line, blank lines and <c>#</c> comments ignored.</summary>
    public ImagePins AddFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--image-pins {path}: no such file.");
        }
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            Add(line);
        }
        return this;
    }

    /// <summary><paramref name="image"/> with its digest when one is pinned, else as it is.</summary>
    public string Pin(string image)
    {
        if (!digests.TryGetValue(image, out var digest))
        {
            return image;
        }
        used.Add(image);
        return $"{image}@{digest}";
    }

    [GeneratedRegex("^(?<image>[^@\\s]+:[^@/\\s]+)@(?<digest>sha256:[0-9a-f]{64})$")]
    private static partial Regex Pinned();
}
