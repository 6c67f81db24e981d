namespace FoodDelivery.ManifestToKubernetes.Kubernetes;

/// <summary>
/// What the generated layout is made for: its namespace, where the services' images come from, and the
/// namespace of the ingress controller that may reach the public APIs.
/// </summary>
public sealed record GeneratorOptions
{
    public string Namespace { get; init; } = DeploymentConventions.DefaultNamespace;

    /// <summary>Registry and repository prefix of the services' images (<c>{registry}/{service}:{tag}</c>).</summary>
    public string ImageRegistry { get; init; } = DeploymentConventions.DefaultImageRegistry;

    /// <summary>One tag for the seven images. Never <c>latest</c>: a moving tag with <c>IfNotPresent</c> runs whatever a node cached.</summary>
    public string ImageTag { get; init; } = DeploymentConventions.DefaultImageTag;

    public string IngressNamespace { get; init; } = DeploymentConventions.DefaultIngressNamespace;

    /// <summary>
    /// The addresses the ingress controller's pods connect from (CIDR ranges): the only senders whose
    /// <c>X-Forwarded-For</c> the services believe (<c>ForwardedHeaders__KnownNetworks__N</c> in their ConfigMaps).
    /// None by default, and then nobody's: every client counts as the ingress's own address.
    /// </summary>
    public IReadOnlyList<string> IngressCidrs { get; init; } = [];

    /// <summary>Digests for the infrastructure images (<c>--pin-image</c>, <c>--image-pins</c>); none by default, and then their tags stay.</summary>
    public ImagePins ImagePins { get; init; } = new();

    public static GeneratorOptions Default { get; } = new();

    /// <summary>An image not built from our projects, pinned by digest when one was given for it.</summary>
    public string InfrastructureImage(string image) => ImagePins.Pin(image);

    public string ProjectImage(string resourceName) => $"{ImageRegistry.TrimEnd('/')}/{resourceName}:{ImageTag}";

    /// <summary>The ingress CIDRs as every service's trusted proxies (ServiceDefaults' <c>TrustedProxies</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> TrustedProxyEnvironment() =>
        IngressCidrs.Select((cidr, index) => KeyValuePair.Create($"ForwardedHeaders__KnownNetworks__{index}", cidr));

    static string Network(string value) => System.Net.IPNetwork.TryParse(value, out var network)
        ? network.ToString()
        : throw new ArgumentException($"--ingress-cidr {value}: use a CIDR range such as 10.42.0.0/16.");

    /// <summary>
    /// Parses <c>--namespace N --registry R --tag T --ingress-namespace I --ingress-cidr CIDR --pin-image REPO:TAG@sha256:D
    /// --image-pins FILE</c> (the last three repeatable).
    /// </summary>
    public static GeneratorOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new GeneratorOptions();
        for (var i = 0; i < arguments.Count; i += 2)
        {
            if (i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"{arguments[i]} needs a value.");
            }
            var value = arguments[i + 1];
            options = arguments[i] switch
            {
                "--namespace" => options with { Namespace = value },
                "--registry" => options with { ImageRegistry = value },
                "--tag" => options with { ImageTag = value },
                "--ingress-namespace" => options with { IngressNamespace = value },
                "--ingress-cidr" => options with { IngressCidrs = [.. options.IngressCidrs, Network(value)] },
                "--pin-image" => options with { ImagePins = options.ImagePins.Add(value) },
                "--image-pins" => options with { ImagePins = options.ImagePins.AddFile(value) },
                _ => throw new ArgumentException($"Unknown option {arguments[i]}."),
            };
        }
        if (string.IsNullOrWhiteSpace(options.ImageTag) || options.ImageTag == "latest")
        {
            throw new ArgumentException("--tag must name one build (a version or a commit), not 'latest'.");
        }
        return options;
    }
}
