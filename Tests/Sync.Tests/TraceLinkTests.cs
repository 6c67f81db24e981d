using FoodDelivery.Sync.Entities;
using FoodDelivery.Sync.Telemetry;
using Microsoft.Extensions.Configuration;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// Where the dashboard's address is configured, each version of "Where is ...?" links to its trace there (Aspire's
/// <c>/traces/detail/{traceId}</c>); without it, the trace id alone is shown, so it can be searched for.
/// </summary>
public sealed class TraceLinkTests
{
    const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    static DashboardTraceLinks Links(string? dashboard) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DashboardTraceLinks.ConfigurationKey] = dashboard }).Build());

    [Theory]
    [InlineData("https://localhost:17170", "https://localhost:17170/traces/detail/" + TraceId)]
    [InlineData("http://127.0.0.1:18888/", "http://127.0.0.1:18888/traces/detail/" + TraceId)]
    public void A_trace_links_to_its_page_in_the_configured_dashboard(string dashboard, string expected) =>
        Assert.Equal(new Uri(expected), Links(dashboard).For(TraceId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://dashboard.example")]
    public void Without_a_dashboard_address_there_is_no_link(string? dashboard) => Assert.Null(Links(dashboard).For(TraceId));

    [Fact]
    public void Without_a_trace_id_there_is_no_link() => Assert.Null(Links("https://localhost:17170").For(null));

    [Fact]
    public void The_trace_id_is_read_from_a_w3c_traceparent() =>
        Assert.Equal(TraceId, SyncActivities.TraceIdOf($"00-{TraceId}-00f067aa0ba902b7-01"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00-not-a-trace-01")]
    public void A_missing_or_broken_traceparent_has_no_trace_id(string? traceParent) => Assert.Null(SyncActivities.TraceIdOf(traceParent));

    [Fact]
    public void The_markdown_shows_each_versions_trace_as_a_link_where_there_is_one()
    {
        var link = new Uri($"https://localhost:17170/traces/detail/{TraceId}");
        var at = new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
        var where = new EntityWhereabouts("RestaurantChanged", Guid.NewGuid(), "restaurants",
        [
            new EntityCopy("restaurants", true, 1, false, [new PublishedVersion(1, Guid.NewGuid(), at, at, TraceId, link)], [], [], null),
            new EntityCopy("menu", false, 1, false, [], [new ReceivedVersion(1, "m-1", "applied", at, at, TraceId, null)], [], null),
            new EntityCopy("orders", false, 1, false, [], [new ReceivedVersion(1, "m-1", "applied", at, at)], [], null),
        ], at);

        var markdown = EntityMarkdown.Render(where);

        Assert.Contains("| service | version | what happened | committed | when | trace |", markdown);
        Assert.Contains($"| restaurants | v1 | published (confirmed) | 2026-12-05 01:00:00.000 UTC | 2026-12-05 01:00:00.000 UTC | [`{TraceId}`]({link}) |", markdown);
        Assert.Contains($"| menu | v1 | applied | 2026-12-05 01:00:00.000 UTC | 2026-12-05 01:00:00.000 UTC | `{TraceId}` |", markdown);
        Assert.Contains("| orders | v1 | applied | 2026-12-05 01:00:00.000 UTC | 2026-12-05 01:00:00.000 UTC |  |", markdown);
    }
}
