using System.Net;
using System.Net.Sockets;

namespace FoodDelivery.Testing;

/// <summary>
/// The dashboard of an AppHost started by <see cref="LocalAppHost"/>: where a browser reaches it (the address the
/// orchestrator allocated, as the AppHost's "Login to the dashboard at ..." line prints it) and the browser token
/// that logs a browser in.
/// </summary>
public sealed record LocalDashboard(Uri Frontend, string BrowserToken)
{
    /// <summary>The dashboard's resource in every AppHost.</summary>
    public const string ResourceName = "aspire-dashboard";

    /// <summary>The URL that logs a browser in and opens the resources page.</summary>
    public Uri LoginUrl => new(Frontend, $"/login?t={BrowserToken}");

    /// <summary>
    /// The AppHost configuration that turns the dashboard on over plain HTTP on free loopback ports (what
    /// launchSettings' http profile sets), with <paramref name="browserToken"/>.
    /// </summary>
    public static Dictionary<string, string?> Configuration(string browserToken) => new()
    {
        ["ASPNETCORE_URLS"] = FreeAddress(),
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = FreeAddress(),
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = FreeAddress(),
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["AppHost:BrowserToken"] = browserToken,
    };

    static string FreeAddress()
    {
        // The port is free when asked; nothing else on a test machine races for it in the moment before the AppHost binds it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
