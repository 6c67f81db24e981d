using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A minimal OTLP/HTTP receiver the services export to during tests (the dashboard does not run
/// there): it keeps every span, metric point and log record, so a test can follow one change across services
/// and read the engine's counters as an operator's dashboard would. Only the span
/// fields the tests read are decoded, with protobuf's reader (no OTLP package is served here).
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    readonly ConcurrentBag<CollectedSpan> spans = [];
    readonly ConcurrentBag<CollectedPoint> points = [];
    readonly ConcurrentBag<CollectedLog> logs = [];
    readonly WebApplication app;

    TelemetryCollector(WebApplication app) => this.app = app;

    public string Endpoint => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public IReadOnlyList<CollectedSpan> Trace(string traceId) => spans.Where(span => span.TraceId == traceId).ToList();

    public IEnumerable<CollectedSpan> All => spans;

    /// <summary>The name of every metric some service exported.</summary>
    public IReadOnlySet<string> MetricNames => points.Select(point => point.Metric).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every log record the services exported.</summary>
    public IEnumerable<CollectedLog> Logs => logs;

    /// <summary>
    /// A metric's latest total for one service: the newest point of each attribute set, summed
    /// (counters are cumulative; for a histogram, its count).
    /// </summary>
    public double Total(string service, string metric, Func<IReadOnlyDictionary<string, string>, bool>? where = null) =>
        points.Where(point => point.Service == service && point.Metric == metric && (where is null || where(point.Attributes)))
            .GroupBy(point => string.Join(";", point.Attributes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}")))
            .Sum(series => series.MaxBy(point => point.TimeUnixNano)!.Value);

    public static async Task<TelemetryCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var collector = new TelemetryCollector(app);
        app.MapPost("/v1/traces", (HttpRequest request) => Receive(request, OtlpTraces.Read, collector.spans));
        app.MapPost("/v1/metrics", (HttpRequest request) => Receive(request, OtlpMetrics.Read, collector.points));
        app.MapPost("/v1/logs", (HttpRequest request) => Receive(request, OtlpLogs.Read, collector.logs));
        await app.StartAsync();
        return collector;
    }

    static async Task<IResult> Receive<T>(HttpRequest request, Func<byte[], IEnumerable<T>> read, ConcurrentBag<T> store)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        foreach (var item in read(body.ToArray()))
        {
            store.Add(item);
        }
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
