namespace FoodDelivery.SystemTests;

/// <summary>Every endpoint of orders, payments and delivery wants a valid token of its role before it looks at anything else.</summary>
[Collection(nameof(RunningSystem))]
public sealed class LifecycleAuthorisationTests(RunningSystem system)
{
    const string WrongKey = "not-the-system-key-not-the-system-key-not-the-system-key-0123456789";

    public static TheoryData<string, string, string, string> ProtectedEndpoints()
    {
        var id = Guid.NewGuid();
        return new()
        {
            { "orders", "POST", "/orders", Callers.Customer },
            { "orders", "GET", "/orders", Callers.Customer },
            { "orders", "GET", $"/orders/{id}", Callers.Customer },
            { "orders", "POST", $"/orders/{id}/cancel", Callers.Customer },
            { "orders", "GET", $"/restaurants/{id}/orders", Callers.RestaurantOwner },
            { "payments", "GET", "/payments", Callers.Customer },
            { "payments", "GET", $"/payments/{id}", Callers.Customer },
            { "delivery", "PUT", "/couriers/me/availability", Callers.Courier },
            { "delivery", "GET", "/couriers/me", Callers.Courier },
            { "delivery", "GET", "/deliveries", Callers.Courier },
            { "delivery", "GET", $"/deliveries/{id}", Callers.Courier },
            { "delivery", "POST", $"/deliveries/{id}/pickup", Callers.Courier },
            { "delivery", "POST", $"/deliveries/{id}/deliver", Callers.Courier },
        };
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task A_missing_expired_or_foreign_token_is_401_and_another_role_is_403(string service, string method, string path, string role)
    {
        var caller = Guid.NewGuid();
        var expired = await system.ForgeTokenAsync(caller, role, DateTime.UtcNow.AddHours(-2));
        var foreign = await system.ForgeTokenAsync(caller, role, DateTime.UtcNow.AddHours(1), WrongKey);
        var otherRole = await system.ForgeTokenAsync(caller, role == Callers.Customer ? Callers.Courier : Callers.Customer, DateTime.UtcNow.AddHours(1));

        using (var anonymous = system.Client(service))
        {
            await SendAsync(anonymous, method, path).ExpectAsync(HttpStatusCode.Unauthorized);
        }
        foreach (var token in new[] { expired, foreign })
        {
            using var client = system.Client(service, token);
            await SendAsync(client, method, path).ExpectAsync(HttpStatusCode.Unauthorized);
        }
        using var wrongRole = system.Client(service, otherRole);
        await SendAsync(wrongRole, method, path).ExpectAsync(HttpStatusCode.Forbidden);
    }

    static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : JsonContent.Create(new { }),
        });
}
