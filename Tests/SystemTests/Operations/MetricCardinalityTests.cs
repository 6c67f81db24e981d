using System.Diagnostics.Metrics;
using FoodDelivery.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The services' metric streams keep at most <see cref="MetricCardinality.DefaultLimit"/> attribute combinations each
/// (the SDK's own default, 2,000, is reserved up front for every stream). No AppHost: the service defaults alone.
/// </summary>
public sealed class MetricCardinalityTests
{
    [Fact]
    public void A_metric_keeps_at_most_the_limit_of_attribute_combinations_and_counts_the_rest_as_overflow()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.ConfigureOpenTelemetry();
        var exported = new List<MetricSnapshot>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddInMemoryExporter(exported));
        using var host = builder.Build();
        var provider = host.Services.GetRequiredService<MeterProvider>();

        using var meter = new Meter(TelemetryNames.Sync);
        var counter = meter.CreateCounter<long>("fooddelivery.test.cardinality");
        const int combinations = MetricCardinality.DefaultLimit * 2;
        for (var entity = 0; entity < combinations; entity++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("entity", entity));
        }
        provider.ForceFlush();

        var points = exported.Single(metric => metric.Name == "fooddelivery.test.cardinality").MetricPoints;
        // At most the limit, one of them the overflow point that counts what did not fit; nothing is lost from the sum.
        Assert.InRange(points.Count, MetricCardinality.DefaultLimit - 1, MetricCardinality.DefaultLimit + 1);
        Assert.Equal(combinations, points.Sum(point => point.GetSumLong()));
    }
}
