using System.Text.Json.Nodes;

namespace FoodDelivery.ManifestToKubernetes.Manifest;

/// <summary>An endpoint of a resource. In Kubernetes its Service listens on <see cref="ServicePort"/> and forwards to <see cref="TargetPort"/>.</summary>
public sealed record ManifestBinding(string Name, string Scheme, string Protocol, string Transport, int? Port, int TargetPort)
{
    /// <summary>The port ASP.NET Core listens on in images built by <c>dotnet publish /t:PublishContainer</c>.</summary>
    public const int DefaultProjectPort = 8080;

    public int ServicePort => Port ?? TargetPort;

    public static ManifestBinding From(string name, JsonObject binding, bool isProject)
    {
        var port = (int?)binding["port"];
        var targetPort = (int?)binding["targetPort"] ?? port
            ?? (isProject ? DefaultProjectPort : throw new InvalidDataException($"Binding {name} has neither port nor targetPort."));
        return new ManifestBinding(
            name,
            (string?)binding["scheme"] ?? "tcp",
            (string?)binding["protocol"] ?? "tcp",
            (string?)binding["transport"] ?? "tcp",
            port,
            targetPort);
    }
}
