using System.Diagnostics;
using FoodDelivery.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// What an operator sees in the Aspire dashboard, in a real browser: a clean start shows every resource running
/// with no error count, and one restaurant rename is found on the Traces page by its name and spans the owner, its
/// publish and every consumer that replicates restaurants. Screenshots are left beside the test assembly.
/// </summary>
[Collection(nameof(DashboardSystem))]
public sealed class DashboardTests(DashboardSystem system)
{
    // The dashboard's pages fill over SignalR and the services export telemetry in batches a few seconds apart.
    static readonly LocatorAssertionsToHaveCountOptions Patiently = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_clean_start_shows_every_resource_running_and_no_error_count()
    {
        var page = await system.OpenDashboardAsync();
        var resources = RunningSystem.AllResourceNames.ToList();
        foreach (var resource in resources)
        {
            await Expect(ResourceRow(page, resource).Filter(new() { HasText = "Running" })).ToHaveCountAsync(1, Patiently);
        }
        Assert.Equal(0, await page.GetByText("Running (Unhealthy)").CountAsync());
        // Each resource with unread error logs gets a badge linking to its errors: <a class="unread-logs-errors-link"
        // title="1 error log" href="/structuredlogs/resource/NAME?logLevel=error"> (Aspire 13.6, looked at with a
        // broker killed under ./run.sh).
        var errorBadges = page.Locator("a.unread-logs-errors-link, a[href*='logLevel=error']");
        await DashboardSystem.ScreenshotAsync(page, "resources-after-clean-start");
        Assert.True(await errorBadges.CountAsync() == 0,
            "error counts on: " + string.Join(", ", await errorBadges.EvaluateAllAsync<string[]>("links => links.map(link => link.href)")));
        Assert.Equal(resources.Count, await page.Locator("[role=row]").Filter(new() { HasText = "Running" }).CountAsync());
    }

    [Fact]
    public async Task A_restaurant_rename_is_found_by_name_and_its_trace_spans_the_owner_and_every_consumer()
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        var id = await system.CreateRestaurantAsync(owner);
        await system.MenuRestaurantAtAsync(id, 1);

        // The rename carries a trace id of the test's own, so the trace the dashboard shows is provably this one.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var restaurants = system.Client("restaurants", owner);
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/restaurants/{id}")
        {
            Content = JsonContent.Create(new { name = $"Trattoria {traceId[..6]}", address = "1 Test Street", cuisine = "Test", isOpen = true }),
        };
        rename.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await restaurants.SendAsync(rename)).EnsureSuccessStatusCode();
        await system.MenuRestaurantAtAsync(id, 2);

        var page = await system.OpenDashboardAsync();
        await page.GotoAsync(new Uri(system.Dashboard!.Frontend, "/traces").ToString());
        // The Traces page's filter matches trace names ("restaurants: PUT /restaurants/{id:guid}").
        await page.Locator("fluent-text-input[name=traces-search] input").FillAsync("PUT /restaurants/");
        var row = page.Locator("[role=row]").Filter(new() { HasText = traceId[..7] });
        await Expect(row).ToHaveCountAsync(1, Patiently);
        await Expect(row).ToContainTextAsync("restaurants: PUT /restaurants/");
        await row.GetByText("PUT /restaurants/").ClickAsync();
        await page.WaitForURLAsync($"**/traces/detail/{traceId}");

        var consumers = ServiceCatalogue.Services.Where(service => service.Replicates.Contains(nameof(RestaurantChanged))).Select(service => service.Name).ToList();
        Assert.NotEmpty(consumers);
        // The dashboard shows a messaging span as "MSG {messaging.system} {messaging.destination.name}" rather than by its
        // name, and the destination is the owner's exchange for the publish and for each consumer's processing alike.
        var messaging = $"rabbitmq {BrokerNames.OwnerExchange("restaurants")}";
        string[] expected =
        [
            "PUT /restaurants/", // the owner's request
            messaging, // the relay's publish to the owner's exchange, and each consumer's processing of its delivery
        ];
        var spanRows = page.Locator("[role=row]");
        await Eventually.AssertAsync(async () =>
        {
            var shown = string.Join("\n", await spanRows.AllInnerTextsAsync());
            var missing = expected.Where(name => !shown.Contains(name, StringComparison.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                // Spans exported after the page was drawn appear on a reload.
                await page.ReloadAsync();
            }
            Assert.True(missing.Count == 0, $"the trace shows no span of {string.Join(", ", missing)}:\n{shown}");
        }, TimeSpan.FromMinutes(1));
        await DashboardSystem.ScreenshotAsync(page, "restaurant-rename-trace");

        // Each consumer processes the delivery in its own service (the Resource column), and the owner publishes it.
        foreach (var (service, span) in consumers.Append("restaurants").Select(service => (service, messaging)))
        {
            var inService = spanRows.Filter(new() { HasText = span }).Filter(new() { Has = page.Locator($"[role=gridcell][title='{service}']") });
            Assert.True(await inService.CountAsync() > 0, $"no span of {span} in the resource {service}");
        }
    }

    [Fact]
    public async Task Where_is_links_each_version_to_its_trace_in_the_dashboard()
    {
        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        await system.AccountKnownToAsync(owner, "restaurantsdb");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var restaurants = system.Client("restaurants", owner);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/restaurants")
        {
            Content = JsonContent.Create(new { name = $"Linked {traceId[..6]}", address = "1 Test Street", cuisine = "Test", isOpen = true }),
        };
        create.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var id = (await restaurants.SendAsync(create).ExpectAsync(HttpStatusCode.Created)).Id();
        await system.MenuRestaurantAtAsync(id, 1);

        using var menu = await system.OperatorClientAsync("menu", OperatorScope.Read);
        var where = await menu.GetAsync($"/sync/entities/{nameof(RestaurantChanged)}/{id}").ExpectAsync(HttpStatusCode.OK);
        var copies = where.GetProperty("copies").EnumerateArray().ToDictionary(copy => copy.Text("service"));
        var expected = new Uri(system.Dashboard!.Frontend, $"/traces/detail/{traceId}");
        Assert.Equal(expected, new Uri(Assert.Single(copies["restaurants"].GetProperty("published").EnumerateArray()).Text("traceUrl")));
        Assert.Equal(expected, new Uri(Assert.Single(copies["menu"].GetProperty("received").EnumerateArray()).Text("traceUrl")));

        // The link opens that trace: the owner's publish and menu's processing of it.
        var page = await system.OpenDashboardAsync();
        await page.GotoAsync(expected.ToString());
        var spanRows = page.Locator("[role=row]");
        // A messaging span shows as "MSG rabbitmq {exchange}"; the publish's row is in restaurants, the processing's in menu.
        var messaging = $"rabbitmq {BrokerNames.OwnerExchange("restaurants")}";
        var publish = spanRows.Filter(new() { HasText = messaging }).Filter(new() { Has = page.Locator("[role=gridcell][title='restaurants']") });
        var process = spanRows.Filter(new() { HasText = messaging }).Filter(new() { Has = page.Locator("[role=gridcell][title='menu']") });
        await Eventually.AssertAsync(async () =>
        {
            if (await process.CountAsync() == 0 || await publish.CountAsync() == 0)
            {
                // Spans exported after the page was drawn appear on a reload.
                await page.ReloadAsync();
            }
            Assert.True(await publish.CountAsync() > 0 && await process.CountAsync() > 0,
                "the linked trace shows no publish in restaurants or no processing in menu:\n" + string.Join("\n", await spanRows.AllInnerTextsAsync()));
        }, TimeSpan.FromMinutes(1));
        await DashboardSystem.ScreenshotAsync(page, "where-is-linked-trace");
    }

    /// <summary>A resource's row on the resources page: its name cell's title is "Project: accounts", "Executable: messaging", ...</summary>
    static ILocator ResourceRow(IPage page, string resource) =>
        page.Locator("[role=row]").Filter(new() { Has = page.Locator($"[role=gridcell][title$=': {resource}']") });
}
