using Microsoft.Playwright;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The system as <c>./run.sh</c> shows it: the AppHost with its dashboard, which receives the services'
/// telemetry, and Debian's Chromium driven by Playwright to look at it as an operator would. Its own
/// AppHost, so that what the dashboard shows is only what this collection's tests did.
/// </summary>
public sealed class DashboardSystem : RunningSystem
{
    /// <summary>Debian's package (scripts/install-local-infrastructure.sh --test-browser); Playwright's own browser download does not work here.</summary>
    const string Chromium = "/usr/bin/chromium";

    IPlaywright? playwright;
    IBrowser? browser;

    protected override bool RunsDashboard => true;

    /// <summary>Where the tests leave their screenshots (beside the test assembly).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-local-infrastructure.sh --test-browser.");
        await base.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            // Chromium refuses its sandbox as root, as CI runs.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A new browser page, logged in to the dashboard with its browser token, on the resources page.</summary>
    public async Task<IPage> OpenDashboardAsync()
    {
        var dashboard = Dashboard ?? throw new InvalidOperationException("The dashboard has not started.");
        var page = await (browser ?? throw new InvalidOperationException("The browser has not started."))
            .NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(dashboard.LoginUrl.ToString());
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Saves what the page shows, for a person to look at (the path is printed).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Console.WriteLine($"Screenshot: {path}");
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
