namespace FoodDelivery.SystemTests;

/// <summary>
/// Accounts limits sign-ups and sign-ins per client address, so the address must be one the client cannot choose:
/// <c>X-Forwarded-For</c> counts only from a configured proxy, also with ASP.NET Core's forwarded-headers switch on,
/// as Aspire's publishing sets it (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>), which on its own would believe
/// every sender. Each test runs one more accounts process with the AppHost's settings and the proxies it names.
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class ForwardedHeadersTests(IsolatedSystem system)
{
    const string PublishedSwitch = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";
    const string KnownNetworks = "ForwardedHeaders__KnownNetworks__";

    // The default per-address limit (SignInProtectionOptions.SignUpsPerClientPerMinute).
    const int SignUpsPerClient = 10;

    [Theory]
    [InlineData("no proxy is configured")]
    [InlineData("192.0.2.0/24")]
    public async Task A_client_that_is_no_configured_proxy_cannot_slip_past_the_per_address_limit_by_rotating_X_Forwarded_For(string proxies)
    {
        // The tests call from loopback: here loopback is not a proxy (none at all, or another network).
        var settings = new Dictionary<string, string?> { [PublishedSwitch] = "true", [KnownNetworks + "0"] = null, [KnownNetworks + "1"] = null };
        if (proxies.Contains('/', StringComparison.Ordinal))
        {
            settings[KnownNetworks + "0"] = proxies;
        }
        await using var accounts = await ServiceProcess.StartAsync(system, "accounts", settings);
        using var client = accounts.Client();

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignUpsPerClient; attempt++)
        {
            answers.Add(await SignUpAsync(client, ClientAddresses.Next()));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, SignUpsPerClient), HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task A_configured_proxy_still_forwards_its_clients_addresses_and_each_client_has_its_own_limit()
    {
        // What the AppHost gives the services in run mode (loopback is the proxy), with the switch publishing sets.
        await using var accounts = await ServiceProcess.StartAsync(system, "accounts", new Dictionary<string, string?> { [PublishedSwitch] = "true" });
        using var client = accounts.Client();

        var manyClients = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignUpsPerClient; attempt++)
        {
            manyClients.Add(await SignUpAsync(client, ClientAddresses.Next()));
        }
        var oneClient = ClientAddresses.Next();
        var fromOne = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignUpsPerClient; attempt++)
        {
            fromOne.Add(await SignUpAsync(client, oneClient));
        }

        Assert.All(manyClients, answer => Assert.Equal(HttpStatusCode.Accepted, answer));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, SignUpsPerClient), HttpStatusCode.TooManyRequests], fromOne);
    }

    static async Task<HttpStatusCode> SignUpAsync(HttpClient client, string forwardedFor)
    {
        var email = $"forwarded-{Guid.NewGuid():N}@example.com";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/accounts/sign-up")
        {
            Content = JsonContent.Create(new { email, displayName = "Forwarded", role = Callers.Customer, password = "correct horse 42" }),
        };
        request.Headers.Add(ClientAddresses.ForwardedFor, forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
