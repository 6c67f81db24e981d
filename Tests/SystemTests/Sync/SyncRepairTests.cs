using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>The operator's view and repairs: status, resync, through the dashboard's own commands.</summary>
[Collection(nameof(RunningSystem))]
public sealed class SyncRepairTests(RunningSystem system)
{
    [Fact]
    public async Task Sync_endpoints_refuse_callers_without_the_operator_key()
    {
        using var anonymous = system.ManagementClient("menu");
        await anonymous.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Add(OperatorKeys.Header, "guess");
        await anonymous.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.Forbidden);
        await anonymous.PostAsync("/sync/resync", null).ExpectAsync(HttpStatusCode.Forbidden);

        using var operatorClient = await system.OperatorClientAsync("menu");
        var status = await operatorClient.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
        Assert.True(status.GetProperty("consumerAttached").GetBoolean());
        Assert.Equal("menu", status.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Operator_endpoints_answer_only_on_the_management_port_and_the_api_only_on_its_own()
    {
        // With the repair key, on the API port: not there at all, whatever the Host header claims.
        using var apiPort = system.Client("menu");
        apiPort.DefaultRequestHeaders.Add(OperatorKeys.Header, await system.OperatorKeyAsync("menu", OperatorScope.Repair));
        var missing = await apiPort.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        await apiPort.PostAsync("/sync/resync", null).ExpectAsync(HttpStatusCode.NotFound);
        using var claimed = new HttpRequestMessage(HttpMethod.Get, "/sync/status");
        claimed.Headers.Host = $"localhost:{system.ManagementClient("menu").BaseAddress!.Port}";
        Assert.Equal(HttpStatusCode.NotFound, (await apiPort.SendAsync(claimed)).StatusCode);
        using var accountsApi = system.Client("accounts");
        accountsApi.DefaultRequestHeaders.Add(OperatorKeys.Header, await system.OperatorKeyAsync("accounts", OperatorScope.Repair));
        await accountsApi.PostAsync($"/operator/accounts/{Guid.NewGuid()}/suspend", null).ExpectAsync(HttpStatusCode.NotFound);

        // The management port serves the operator endpoints, health and the documents, and none of the API.
        using var management = await system.OperatorClientAsync("menu");
        await management.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
        var items = $"/restaurants/{Guid.NewGuid()}/items";
        await management.GetAsync(items).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/openapi/operator.json")).StatusCode);
        using var api = system.Client("menu");
        await api.GetAsync(items).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_read_key_opens_what_only_looks_and_only_the_repair_key_changes_anything()
    {
        using var reader = await system.OperatorClientAsync("menu", OperatorScope.Read);
        await reader.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
        await reader.GetAsync("/sync/dead-letters").ExpectAsync(HttpStatusCode.OK);
        await reader.GetAsync("/sync/owned/MenuItemChanged").ExpectAsync(HttpStatusCode.OK);
        await reader.GetAsync($"/sync/entities/MenuItemChanged/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.OK);
        // Every repair, refused before it runs: nothing is republished, moved or rebuilt.
        foreach (var repair in new[] { "/sync/resync", "/sync/rebuild", "/sync/dead-letters/replay", $"/sync/dead-letters/{Guid.NewGuid()}/replay" })
        {
            var refused = await reader.PostAsync(repair, null).ExpectAsync(HttpStatusCode.Forbidden);
            Assert.Contains("repair key", refused.Text("detail"));
        }
        using var accountsReader = await system.OperatorClientAsync("accounts", OperatorScope.Read);
        await accountsReader.PostAsync($"/operator/accounts/{Guid.NewGuid()}/suspend", null).ExpectAsync(HttpStatusCode.Forbidden);

        // The repair key reads too; the two keys are different secrets.
        using var repairer = await system.OperatorClientAsync("menu", OperatorScope.Repair);
        await repairer.GetAsync("/sync/status").ExpectAsync(HttpStatusCode.OK);
        await repairer.PostAsync($"/sync/dead-letters/{Guid.NewGuid()}/replay", null).ExpectAsync(HttpStatusCode.NotFound);
        Assert.NotEqual(await system.OperatorKeyAsync("menu", OperatorScope.Read), await system.OperatorKeyAsync("menu", OperatorScope.Repair));
    }

    [Fact]
    public async Task A_wiped_replica_converges_again_after_the_owners_resync_command()
    {
        var versions = new Dictionary<Guid, long>();
        for (var i = 0; i < 3; i++)
        {
            var id = await system.CreateAsync(isOpen: false);
            versions[id] = await system.UpdateAsync(id, $"Resync {i}", isOpen: true);
            await system.MenuRestaurantAtAsync(id, versions[id]);
        }
        await using (var menuDb = await system.OpenDatabaseAsync("menudb"))
        await using (var wipe = menuDb.CreateCommand())
        {
            wipe.CommandText = "DELETE FROM restaurant_replicas";
            await wipe.ExecuteNonQueryAsync();
        }

        var result = await system.CommandAsync("restaurants", "resync");

        Assert.True(result.Success, result.Message);
        foreach (var (id, version) in versions)
        {
            Assert.Equal(new Replicas.RestaurantRow(version, false, (await system.MenuRestaurantAtAsync(id, version))!.Name, true),
                await system.MenuRestaurantAsync(id));
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_sync_status_command_reports_each_services_figures(string service)
    {
        var result = await system.CommandAsync(service, "sync-status");

        Assert.True(result.Success, result.Message);
        using var status = JsonDocument.Parse(result.Data!.Value);
        Assert.Equal(service, status.RootElement.GetProperty("service").GetString());
        Assert.True(status.RootElement.GetProperty("consumerAttached").GetBoolean());
        Assert.True(status.RootElement.TryGetProperty("outboxBacklog", out _));
        Assert.True(status.RootElement.TryGetProperty("deadLetters", out _));
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];
}
