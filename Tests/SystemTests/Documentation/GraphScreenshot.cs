using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// docs/images/graph-after.png: the dashboard's Graph view of a clean start, where each service is drawn with its
/// database, the broker and an edge to every owner it replicates from (the AppHost's resource relationships, from
/// ServiceCatalogue). graph-before.png is the same view before issue 33 made the sync graph relationships. Run by
/// scripts/screenshots.sh.
/// </summary>
[Collection(nameof(DashboardSystem))]
public sealed class GraphScreenshot(DashboardSystem system)
{
    static readonly LocatorAssertionsToHaveCountOptions Patiently = new() { Timeout = 60_000 };

    [ScreenshotFact]
    public async Task The_graph_view_shows_every_resource()
    {
        Directory.CreateDirectory(ScreenshotFactAttribute.Directory);
        var page = await system.OpenDashboardAsync();
        foreach (var resource in RunningSystem.AllResourceNames)
        {
            await Expect(page.Locator("[role=row]").Filter(new() { Has = page.Locator($"[role=gridcell][title$=': {resource}']") })
                .Filter(new() { HasText = "Running" })).ToHaveCountAsync(1, Patiently);
        }
        // Taller than the other pictures, so the whole graph fits.
        await page.SetViewportSizeAsync(1600, 1400);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Graph" }).ClickAsync();
        var graph = page.Locator("svg.resource-graph");
        // Drawn once the graph has its nodes (a name can show twice: the node and its label).
        await Expect(graph.GetByText("orders", new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The layout settles over a few animation frames.
        await page.WaitForTimeoutAsync(5000);
        var path = Path.Combine(ScreenshotFactAttribute.Directory, "graph-after.png");
        await page.ScreenshotAsync(new() { Path = path });
        Console.WriteLine($"Screenshot: {path}");
    }
}
