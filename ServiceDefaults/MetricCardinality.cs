using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;

namespace FoodDelivery.ServiceDefaults;

/// <summary>
/// The most attribute combinations one metric stream keeps; further combinations are counted in one overflow point
/// (<c>otel.metric.overflow</c>), so a runaway attribute cannot grow a service's memory without bound. The SDK's
/// default, 2,000, is far above what ours produce: the widest, HTTP request duration, is routes x methods x status codes
/// of one service, and the engine's counters are event types x outcomes. <c>Telemetry:MetricCardinalityLimit</c>
/// overrides it (docs/performance.md, Broker flags, ReadyToRun and memory).
/// </summary>
public static class MetricCardinality
{
    public const string LimitKey = "Telemetry:MetricCardinalityLimit";

    public const int DefaultLimit = 200;

    public static MeterProviderBuilder LimitCardinality(this MeterProviderBuilder metrics, IConfiguration configuration)
    {
        var limit = configuration.GetValue(LimitKey, DefaultLimit);
        // A view that names nothing else keeps each instrument's name, unit and histogram advice.
        return metrics.AddView(_ => new MetricStreamConfiguration { CardinalityLimit = limit });
    }
}
