using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Trying the API as a newcomer: each service's OpenAPI documents say how to authenticate (the bearer token
/// for the API, the operator key for <c>/sync/*</c>, in a document of its own) and what a refusal looks like;
/// a 401 or 403 is ProblemDetails like every other error; Scalar is there under <c>dotnet run</c>, linked from the dashboard.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class ApiDocumentTests(RunningSystem system)
{
    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_api_document_declares_the_bearer_scheme_and_the_refusals_of_every_protected_operation(string service)
    {
        using var client = system.Client(service);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;

        var bearer = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var paths = root.GetProperty("paths").EnumerateObject().ToList();
        Assert.DoesNotContain(paths, path => path.Name.StartsWith("/sync", StringComparison.Ordinal));

        var protectedOperations = Operations(paths).Where(operation => operation.TryGetProperty("security", out _)).ToList();
        Assert.NotEmpty(protectedOperations);
        Assert.All(protectedOperations, operation =>
        {
            Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("Bearer", out _));
            var responses = operation.GetProperty("responses");
            Assert.All(new[] { "401", "403", "409" }, status => Assert.True(responses.TryGetProperty(status, out _), $"{operation} has no {status}"));
        });
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_operator_document_holds_the_sync_endpoints_behind_the_key_header(string service)
    {
        using var client = system.Client(service);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/operator.json"));
        var root = document.RootElement;

        var key = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("OperatorKey");
        Assert.Equal("apiKey", key.GetProperty("type").GetString());
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.Equal(OperatorKeys.Header, key.GetProperty("name").GetString());
        var paths = root.GetProperty("paths").EnumerateObject().ToList();
        Assert.Contains(paths, path => path.Name == "/sync/dead-letters");
        Assert.Contains(paths, path => path.Name == "/sync/entities/{eventType}/{id}");
        Assert.All(paths, path => Assert.True(path.Name.StartsWith("/sync/", StringComparison.Ordinal)
            || (service == "accounts" && path.Name.StartsWith("/operator/accounts/", StringComparison.Ordinal)), path.Name));
        Assert.All(Operations(paths), operation =>
        {
            Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("OperatorKey", out _));
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
            Assert.True(operation.GetProperty("responses").TryGetProperty("403", out _));
        });
    }

    [Fact]
    public async Task Refusals_are_problem_details_that_say_what_to_send()
    {
        using var anonymous = system.Client("restaurants");
        var missingToken = await ProblemAsync(anonymous.PostAsJsonAsync("/restaurants", new { name = "x" }), HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", missingToken.Text("detail"));

        var customer = await system.SignUpAsync(Callers.Customer);
        using var asCustomer = system.Client("restaurants", customer);
        var wrongRole = await ProblemAsync(asCustomer.PostAsJsonAsync("/restaurants", new { name = "x", address = "a", cuisine = "c", isOpen = true }),
            HttpStatusCode.Forbidden);
        Assert.Contains("role", wrongRole.Text("detail"));

        using var management = system.ManagementClient("restaurants");
        var missingKey = await ProblemAsync(management.GetAsync("/sync/status"), HttpStatusCode.Unauthorized);
        Assert.Contains(OperatorKeys.Header, missingKey.Text("detail"));
        using var wrongKey = system.ManagementClient("restaurants");
        wrongKey.DefaultRequestHeaders.Add(OperatorKeys.Header, "not the key");
        await ProblemAsync(wrongKey.GetAsync("/sync/status"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Scalar_is_served_and_linked_from_the_dashboard_under_run(string service)
    {
        using var client = system.Client(service);
        using var scalar = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(service, out var resource));
        Assert.Contains(resource.Snapshot.Urls, url => url.Url.EndsWith("/scalar", StringComparison.Ordinal));
        // The operator document's UI from the management port, where its requests reach /sync/*.
        using var management = system.ManagementClient(service);
        using var operatorScalar = await management.GetAsync("/scalar/operator");
        Assert.Equal(HttpStatusCode.OK, operatorScalar.StatusCode);
        var managementPort = system.App.GetEndpoint(service, ManagementEndpoint.Name).Port;
        Assert.Contains(resource.Snapshot.Urls, url => url.Url.EndsWith("/scalar/operator", StringComparison.Ordinal) && new Uri(url.Url).Port == managementPort);
    }

    static async Task<JsonElement> ProblemAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.Clone();
    }

    static IEnumerable<JsonElement> Operations(IEnumerable<JsonProperty> paths) =>
        paths.SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(operation => operation.Value);

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];
}
