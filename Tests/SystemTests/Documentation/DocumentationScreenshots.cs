using System.Diagnostics;
using FoodDelivery.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The pictures in README.md and docs/, taken from the real system in the dashboard as an operator sees it:
/// the resources page after a clean start, one restaurant rename's trace, a Where-is answer for it, and the
/// dead-letter list holding a poisoned event. Each picture is taken only once the page shows what its caption
/// says, so a picture that would lie fails here instead. Run by scripts/screenshots.sh.
/// </summary>
[Collection(nameof(DashboardSystem))]
public sealed class DocumentationScreenshots(DashboardSystem system)
{
    // The dashboard's pages fill over SignalR and the services export telemetry in batches a few seconds apart.
    static readonly LocatorAssertionsToHaveCountOptions Patiently = new() { Timeout = 60_000 };
    static readonly LocatorAssertionsToBeVisibleOptions Visibly = new() { Timeout = 60_000 };

    [ScreenshotFact]
    public async Task The_documentation_screenshots_show_what_their_captions_say()
    {
        Directory.CreateDirectory(ScreenshotFactAttribute.Directory);
        var page = await system.OpenDashboardAsync();
        await ResourcesAsync(page);

        var owner = await system.SignUpAsync(Callers.RestaurantOwner);
        var restaurant = await system.CreateRestaurantAsync(owner, name: "Trattoria Aurora");
        var traceId = await RenameAsync(owner, restaurant, "Trattoria Aurora e Figli");
        await TraceAsync(page, traceId);
        await WhereIsAsync(page, restaurant);
        await DeadLettersAsync(page);
    }

    /// <summary>docs/images/resources.png: every resource Running and Healthy, no error count.</summary>
    async Task ResourcesAsync(IPage page)
    {
        foreach (var resource in RunningSystem.AllResourceNames)
        {
            await Expect(ResourceRow(page, resource).Filter(new() { HasText = "Running" })).ToHaveCountAsync(1, Patiently);
        }
        Assert.Equal(0, await page.GetByText("Running (Unhealthy)").CountAsync());
        // Each resource with unread error logs gets a badge linking to them (DashboardTests); a clean start has none.
        var errorBadges = page.Locator("a.unread-logs-errors-link, a[href*='logLevel=error']");
        Assert.True(await errorBadges.CountAsync() == 0,
            "error counts on: " + string.Join(", ", await errorBadges.EvaluateAllAsync<string[]>("links => links.map(link => link.href)")));
        await SaveAsync(page, "resources");
    }

    /// <summary>A rename with a trace id of our own, once every consumer of restaurants holds it.</summary>
    async Task<string> RenameAsync(Caller owner, Guid restaurant, string name)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var restaurants = system.Client("restaurants", owner);
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/restaurants/{restaurant}")
        {
            Content = JsonContent.Create(new { name, address = "12 Via Roma", cuisine = "Italian", isOpen = true }),
        };
        rename.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await restaurants.SendAsync(rename)).EnsureSuccessStatusCode();
        await system.MenuRestaurantAtAsync(restaurant, 2);
        return traceId;
    }

    /// <summary>docs/images/sync-trace.png: the rename's trace, the owner's request, its publish and each consumer's apply.</summary>
    async Task TraceAsync(IPage page, string traceId)
    {
        await page.GotoAsync(new Uri(system.Dashboard!.Frontend, $"/traces/detail/{traceId}").ToString());
        // A messaging span shows as "MSG rabbitmq {exchange}": the publish's row in restaurants, each processing's in its consumer.
        var messaging = $"rabbitmq {BrokerNames.OwnerExchange("restaurants")}";
        string[] resources =
        [
            "restaurants",
            .. ServiceCatalogue.Services.Where(service => service.Replicates.Contains(nameof(RestaurantChanged))).Select(service => service.Name),
        ];
        var spanRows = page.Locator("[role=row]");
        await Eventually.AssertAsync(async () =>
        {
            var missing = new List<string>();
            if (await spanRows.Filter(new() { HasText = "PUT /restaurants/" }).CountAsync() == 0)
            {
                missing.Add("the owner's request");
            }
            foreach (var resource in resources)
            {
                if (await spanRows.Filter(new() { HasText = messaging }).Filter(new() { Has = page.Locator($"[role=gridcell][title='{resource}']") }).CountAsync() == 0)
                {
                    missing.Add(resource);
                }
            }
            if (missing.Count > 0)
            {
                // Spans exported after the page was drawn appear on a reload.
                await page.ReloadAsync();
            }
            Assert.True(missing.Count == 0, $"the trace shows no span of {string.Join(", ", missing)}");
        }, TimeSpan.FromMinutes(1));
        await SaveAsync(page, "sync-trace");
    }

    /// <summary>docs/images/where-is.png: "Where is ...?" on menu for the renamed restaurant, every consumer at version 2.</summary>
    async Task WhereIsAsync(IPage page, Guid restaurant)
    {
        await page.GotoAsync(system.Dashboard!.Frontend.ToString());
        await RunCommandAsync(page, "menu", "Where is ...?", async dialog =>
        {
            await dialog.Locator("fluent-dropdown").ClickAsync();
            await dialog.Locator($"fluent-option[value={nameof(RestaurantChanged)}]").ClickAsync();
            await dialog.Locator("fluent-text-input input").FillAsync(restaurant.ToString());
        });
        var answer = await ResponseAsync(page, "Where is ...?");
        await Expect(answer.GetByText(restaurant.ToString()).First).ToBeVisibleAsync(Visibly);
        await Expect(answer.GetByText("every consumer holds the same version").First).ToBeVisibleAsync(Visibly);
        await SaveAsync(page, "where-is");
    }

    /// <summary>docs/images/dead-letters.png: menu's dead-letter list holding an event that breaks its contract (an empty name).</summary>
    async Task DeadLettersAsync(IPage page)
    {
        // As README.md's "poisoned message" has it: restaurants' own exchange, so only the contract can refuse it.
        const string poison = "poison-1";
        await using (var broker = await RawBroker.ConnectAsync(system, "restaurants"))
        {
            await broker.PublishAsync(nameof(RestaurantChanged), RestaurantReplicationTests.Snapshot(Guid.NewGuid(), 1, ""), poison);
        }
        using var menu = await system.OperatorClientAsync("menu", OperatorScope.Read);
        await Eventually.AssertAsync(async () =>
            Assert.Contains(poison, await menu.GetStringAsync(SyncRoutes.DeadLetters), StringComparison.Ordinal));

        await page.GotoAsync(system.Dashboard!.Frontend.ToString());
        // The list asks which page (Skip, Page size); the defaults give the first.
        await RunCommandAsync(page, "menu", "List dead letters", _ => Task.CompletedTask);
        var answer = await ResponseAsync(page, "List dead letters");
        await Expect(answer.GetByText(poison).First).ToBeVisibleAsync(Visibly);
        await Expect(answer.GetByText("RestaurantChanged.Name is empty").First).ToBeVisibleAsync(Visibly);
        await SaveAsync(page, "dead-letters");
    }

    /// <summary>Runs a command from a resource's Actions menu (its Commands submenu), filling its arguments dialog when it has one.</summary>
    static async Task RunCommandAsync(IPage page, string resource, string command, Func<ILocator, Task>? fill)
    {
        var row = ResourceRow(page, resource);
        await Expect(row.Filter(new() { HasText = "Running" })).ToHaveCountAsync(1, Patiently);
        await row.Locator("fluent-button[title=Actions]").ClickAsync();
        await page.Locator("fluent-menu-item[title=Commands]").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = command, Exact = true }).ClickAsync();
        if (fill is not null)
        {
            var dialog = page.Locator("#interactions-input-dialog");
            await fill(dialog);
            await dialog.Locator("fluent-button[appearance=primary]").ClickAsync();
        }
    }

    /// <summary>The command's answer, opened from its notification in the Notifications panel (the newest is first).</summary>
    static async Task<ILocator> ResponseAsync(IPage page, string command)
    {
        await page.Locator("fluent-button[title=Notifications]").ClickAsync();
        await Expect(page.GetByText($"\"{command}\" succeeded").First).ToBeVisibleAsync(Visibly);
        await page.GetByText("View response").First.ClickAsync();
        return page.Locator("fluent-dialog").Filter(new() { HasText = "Copy to clipboard" }).Last;
    }

    /// <summary>What the browser window shows (1600 x 1000), as a reader would see it.</summary>
    static async Task SaveAsync(IPage page, string name)
    {
        // A dialog fades in: photographed at once it shows the page through it.
        await page.WaitForTimeoutAsync(1500);
        var path = Path.Combine(ScreenshotFactAttribute.Directory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path });
        Console.WriteLine($"Screenshot: {path}");
    }

    /// <summary>A resource's row on the resources page: its name cell's title is "Project: accounts", "Executable: messaging", ...</summary>
    static ILocator ResourceRow(IPage page, string resource) =>
        page.Locator("[role=row]").Filter(new() { Has = page.Locator($"[role=gridcell][title$=': {resource}']") });
}
