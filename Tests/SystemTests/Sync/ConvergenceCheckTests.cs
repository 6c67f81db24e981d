using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The convergence checker itself: it must see every kind of difference, or its "converged" in
/// the fault suite would prove nothing. Runs on the fault suite's system, which starts converged.
/// </summary>
[Collection(nameof(FaultSuiteSystem))]
public sealed class ConvergenceCheckTests(FaultSuiteSystem system)
{
    [Fact]
    public async Task The_checker_finds_missing_stale_extra_and_diverged_replica_rows_and_resync_plus_removal_repairs_them()
    {
        var restaurants = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var id = await system.CreateAsync();
            var version = await system.UpdateAsync(id, $"Checked {Guid.NewGuid():N}", isOpen: true);
            await system.MenuRestaurantAtAsync(id, version);
            restaurants.Add(id);
        }
        Assert.True((await system.WaitForConvergenceAsync(TimeSpan.FromMinutes(1))).Elapsed is not null);
        var (missing, stale, diverged, extra) = (restaurants[0], restaurants[1], restaurants[2], Guid.NewGuid());

        await TamperAsync(
            ("DELETE FROM restaurant_replicas WHERE id = $1", missing),
            ("UPDATE restaurant_replicas SET version = 1 WHERE id = $1", stale),
            ("UPDATE restaurant_replicas SET name = 'Tampered' WHERE id = $1", diverged),
            ("INSERT INTO restaurant_replicas (id, version, deleted, owner_id, name, is_open) VALUES ($1, 1, false, gen_random_uuid(), 'Nobody owns me', true)", extra));

        var pair = Assert.Single((await system.CheckConvergenceAsync()).Pairs, pair => pair is { EventType: "RestaurantChanged", Consumer: "menu" });
        Assert.Equal(("restaurants", "menu"), (pair.Owner, pair.Consumer));
        Assert.Equal((1L, 1L, 1L, 1L), (pair.Missing, pair.Stale, pair.Extra, pair.Diverged));
        Assert.Equal([missing], pair.ExamplesOf("missing"));
        Assert.Equal([stale], pair.ExamplesOf("stale"));
        Assert.Equal([extra], pair.ExamplesOf("extra"));
        Assert.Equal([diverged], pair.ExamplesOf("diverged"));
        Assert.False(pair.Converged);

        // The version guard cannot repair a row that diverged at the owner's own version, nor remove
        // an extra one: the operator removes both, then the owner's resync refills what is missing.
        await TamperAsync(("DELETE FROM restaurant_replicas WHERE id = $1", diverged), ("DELETE FROM restaurant_replicas WHERE id = $1", extra));
        Assert.True((await system.CommandAsync("restaurants", "resync")).Success);

        Assert.True((await system.WaitForConvergenceAsync(TimeSpan.FromMinutes(1))).Elapsed is not null);
    }

    [Fact]
    public async Task The_check_convergence_command_reports_each_replica_against_its_owner_with_backlog_and_dead_letters()
    {
        await system.CreateKnownToMenuAsync();

        // The command answers in Markdown for the dashboard; the endpoint it calls keeps answering JSON.
        var result = await Eventually.ValueAsync(() => system.CommandAsync("menu", "check-convergence"),
            answer => answer.Success && answer.Data!.Value.Contains("### menu: converged", StringComparison.Ordinal));
        Assert.Equal(CommandResultFormat.Markdown, result.Data!.Format);
        Assert.Contains("Outbox backlog 0, queue depth ", result.Data.Value);
        Assert.Contains(", dead letters 0.", result.Data.Value);
        Assert.Matches(@"\| RestaurantChanged \(restaurants → menu\) \| (\d+) \| \1 \| 0 \| 0 \| 0 \| 0 \| ✓ \|", result.Data.Value);

        using var operatorClient = await system.OperatorClientAsync("menu");
        using var report = JsonDocument.Parse(await operatorClient.GetStringAsync("/sync/convergence"));
        Assert.Equal("menu", report.RootElement.GetProperty("service").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("deadLetters").GetInt64());
        // Menu keeps replicas of accounts and restaurants: one entry each, against its owner.
        var replicas = report.RootElement.GetProperty("replicas").EnumerateArray()
            .ToDictionary(replica => replica.GetProperty("eventType").GetString()!, replica => replica.GetProperty("owner").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["AccountChanged"] = "accounts", ["RestaurantChanged"] = "restaurants" }, replicas);
        var restaurants = report.RootElement.GetProperty("replicas").EnumerateArray().Single(replica => replica.GetProperty("eventType").GetString() == "RestaurantChanged");
        Assert.True(restaurants.GetProperty("ownerRows").GetInt64() >= 1);
    }

    [Fact]
    public async Task Owned_snapshots_are_served_to_operators_only_and_only_for_what_the_service_owns()
    {
        using var anonymous = system.ManagementClient("restaurants");
        await anonymous.GetAsync("/sync/owned/RestaurantChanged").ExpectAsync(HttpStatusCode.Unauthorized);
        using var operatorClient = await system.OperatorClientAsync("restaurants");
        await operatorClient.GetAsync("/sync/owned/MenuItemChanged").ExpectAsync(HttpStatusCode.NotFound);

        var id = await system.CreateAsync();
        var owned = await operatorClient.GetAsync("/sync/owned/RestaurantChanged").ExpectAsync(HttpStatusCode.OK);
        var snapshot = Assert.Single(owned.EnumerateArray(), row => row.Id() == id);
        Assert.Equal(1, snapshot.Version());
    }

    async Task TamperAsync(params (string Sql, Guid Id)[] statements)
    {
        await using var menu = await system.OpenDatabaseAsync("menudb");
        foreach (var (sql, id) in statements)
        {
            await using var command = menu.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue(id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }
}
