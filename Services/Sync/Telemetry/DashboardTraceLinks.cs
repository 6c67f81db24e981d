using Microsoft.Extensions.Configuration;

namespace FoodDelivery.Sync.Telemetry;

/// <summary>
/// Links to a trace in the Aspire dashboard, whose address is configuration <c>Sync:DashboardUrl</c> (the AppHost sets it
/// when it runs the dashboard; in Kubernetes it is absent unless an operator sets it, and then there are no links, only
/// trace ids). The dashboard shows one trace at <c>/traces/detail/{traceId}</c> (Aspire 13's DashboardUrls.TraceDetailUrl).
/// </summary>
internal sealed class DashboardTraceLinks(IConfiguration configuration)
{
    public const string ConfigurationKey = "Sync:DashboardUrl";

    readonly Uri? dashboard = Uri.TryCreate(configuration[ConfigurationKey], UriKind.Absolute, out var address)
        && address.Scheme is "http" or "https" ? address : null;

    /// <summary>The trace's page in the dashboard; null without a dashboard address or a trace id.</summary>
    public Uri? For(string? traceId) =>
        dashboard is null || string.IsNullOrEmpty(traceId) ? null : new Uri(dashboard, $"/traces/detail/{Uri.EscapeDataString(traceId)}");
}
