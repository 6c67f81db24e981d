using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The operator tool against the running system, as a process of its own: it answers what the dashboard's commands answer
/// (the same endpoints, the results compared), pages the dead letters, repairs, suspends and reinstates, and says with its
/// exit code what happened. The dashboard's own new commands (a dead-letter page, rebuild one type, an account's standing)
/// are run beside it.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class OpsToolTests(RunningSystem system)
{
    [Fact]
    public async Task Status_convergence_and_where_is_answer_what_the_dashboard_commands_answer()
    {
        var ops = await OpsTool.ForAsync(system);
        var restaurant = await system.CreateAsync(name: "Asked by the tool");
        foreach (var consumer in new[] { "menu", "orders", "delivery" })
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", restaurant, 1);
        }

        var status = await ops.RunAsync("status", "menu", "--json");
        Assert.True(status.ExitCode is 0 or 1, status.ToString());
        var dashboardStatus = await system.CommandAsync("menu", "sync-status");
        Assert.True(dashboardStatus.Success, dashboardStatus.Message);
        var fromDashboard = JsonDocument.Parse(dashboardStatus.Data!.Value).RootElement;
        Assert.Equal(Names(fromDashboard), Names(status.Json));
        Assert.Equal(fromDashboard.Text("service"), status.Json.Text("service"));
        Assert.Equal(fromDashboard.GetProperty("consumerAttached").GetBoolean(), status.Json.GetProperty("consumerAttached").GetBoolean());

        // All seven at once: one table for people, one object keyed by service for scripts.
        var everyone = await ops.RunAsync("status", "--json");
        Assert.Equal(RunningSystem.ServiceNames.Order(StringComparer.Ordinal), everyone.Json.EnumerateObject().Select(service => service.Name).Order(StringComparer.Ordinal));
        var table = await ops.RunAsync("status");
        Assert.All(RunningSystem.ServiceNames, service => Assert.Contains(service, table.Output, StringComparison.Ordinal));

        // The same verdict and the same counts per replica as the dashboard's table (this shared system may hold other
        // tests' leftovers, so the verdict either way; nothing is written meanwhile).
        var convergence = await ops.RunAsync("convergence", "menu", "--json");
        var converged = convergence.Json.GetProperty("converged").GetBoolean();
        convergence.Expect(converged ? 0 : 1);
        var dashboardConvergence = await system.CommandAsync("menu", "check-convergence");
        Assert.True(dashboardConvergence.Success, dashboardConvergence.Message);
        Assert.StartsWith($"### menu: {(converged ? "converged" : "**not converged**")}", dashboardConvergence.Data!.Value, StringComparison.Ordinal);
        foreach (var replica in convergence.Json.GetProperty("replicas").EnumerateArray())
        {
            var counts = string.Join(" | ", new[] { "ownerRows", "replicaRows", "missing", "stale", "extra", "diverged" }.Select(count => replica.GetProperty(count).GetInt64()));
            Assert.Contains($"| {replica.Text("eventType")} ({replica.Text("owner")} → menu) | {counts} |", dashboardConvergence.Data.Value, StringComparison.Ordinal);
        }
        var everyReplica = await ops.RunAsync("convergence");
        Assert.True(everyReplica.ExitCode is 0 or 1, everyReplica.ToString());
        Assert.Contains("menu: ", everyReplica.Output, StringComparison.Ordinal);

        // Where is ...?: for people, the dashboard's own Markdown, word for word.
        var whereIs = await Eventually.ValueAsync(() => ops.RunAsync("where-is", "RestaurantChanged", restaurant.ToString()),
            run => run.ExitCode == 0 && run.Output.Contains("every consumer holds the same version", StringComparison.Ordinal)
                   && !run.Output.Contains("not yet confirmed", StringComparison.Ordinal));
        var dashboardWhereIs = await system.CommandAsync("restaurants", "where-is",
            new Dictionary<string, string> { ["eventType"] = "RestaurantChanged", ["id"] = restaurant.ToString() });
        Assert.True(dashboardWhereIs.Success, dashboardWhereIs.Message);
        Assert.Equal(WithoutAskedAt(dashboardWhereIs.Data!.Value), WithoutAskedAt(whereIs.Output));
        var whereIsJson = await ops.RunAsync("where-is", "RestaurantChanged", restaurant.ToString(), "--json", "--from", "reviews");
        whereIsJson.Expect(0);
        Assert.Equal("restaurants", whereIsJson.Json.Text("owner"));
        Assert.True(whereIsJson.Json.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public async Task Dead_letters_are_paged_first_N_of_M_and_replayed_and_discarded_by_the_tool()
    {
        var ops = await OpsTool.ForAsync(system);
        var letters = Enumerable.Range(1, 3).Select(n => (Id: Guid.NewGuid(), MessageId: Guid.NewGuid().ToString(), Name: $"Paged {n}")).ToList();
        foreach (var letter in letters)
        {
            await DeadLetterAsync(letter.Id, letter.MessageId, letter.Name);
        }
        var mine = letters.Select(letter => letter.MessageId).ToHashSet();

        var all = await Eventually.ValueAsync(() => ops.RunAsync("dead-letters", "list", "menu", "--json", "--limit", "500"),
            run => run.ExitCode == 1 && run.Json.GetProperty("letters").EnumerateArray().Count(letter => mine.Contains(letter.Text("messageId"))) == 3);
        var total = all.Json.GetProperty("total").GetInt64();
        Assert.True(total >= 3, all.ToString());

        // A page of two says "first 2 of M"; the next starts where it ended; together they are the whole list, in order.
        var first = await ops.RunAsync("dead-letters", "list", "menu", "--json", "--limit", "2");
        first.Expect(1);
        Assert.Equal(2, first.Json.GetProperty("letters").GetArrayLength());
        Assert.Equal($"first 2 of {total} dead letters", first.Json.Text("page"));
        var rest = await ops.RunAsync("dead-letters", "list", "menu", "--json", "--skip", "2", "--limit", "500");
        Assert.Equal(MessageIds(all.Json), MessageIds(first.Json).Concat(MessageIds(rest.Json)));
        var forPeople = await ops.RunAsync("dead-letters", "list", "menu", "--limit", "2");
        Assert.Contains($"menu: first 2 of {total} dead letters (next page: --skip 2).", forPeople.Output, StringComparison.Ordinal);

        // The dashboard's list pages the same way.
        var dashboardPage = await system.CommandAsync("menu", "list-dead-letters", new Dictionary<string, string> { ["limit"] = "2" });
        Assert.True(dashboardPage.Success, dashboardPage.Message);
        Assert.StartsWith($"First 2 of {total} dead letters", dashboardPage.Data!.Value, StringComparison.Ordinal);
        var dashboardNext = await system.CommandAsync("menu", "list-dead-letters", new Dictionary<string, string> { ["skip"] = "2", ["limit"] = "1" });
        Assert.StartsWith($"Dead letters 3-3 of {total}", dashboardNext.Data!.Value, StringComparison.Ordinal);

        var peeked = await ops.RunAsync("dead-letters", "peek", "menu", letters[0].MessageId, "--json");
        peeked.Expect(0);
        Assert.Contains("Paged 1", peeked.Json.Text("body"), StringComparison.Ordinal);

        var replayed = await ops.RunAsync("dead-letters", "replay", "menu", letters[0].MessageId);
        replayed.Expect(0);
        Assert.Equal("Paged 1", (await system.MenuRestaurantAtAsync(letters[0].Id, 1))!.Name);

        // A discard asks first: a script that does not say --yes is refused before anything is sent.
        var unconfirmed = await ops.RunAsync("dead-letters", "discard", "menu", letters[1].MessageId, "--by", "Dana (on call)", "--reason", "test");
        unconfirmed.Expect(2);
        Assert.Contains("--yes", unconfirmed.Errors, StringComparison.Ordinal);
        var withoutWho = await ops.RunAsync("dead-letters", "discard", "menu", letters[1].MessageId, "--yes");
        withoutWho.Expect(2);
        foreach (var letter in letters.Skip(1))
        {
            var discarded = await ops.RunAsync("dead-letters", "discard", "menu", letter.MessageId, "--by", "Dana (on call)", "--reason", "paging test", "--yes");
            discarded.Expect(0);
        }
        var gone = await ops.RunAsync("dead-letters", "discard", "menu", letters[1].MessageId, "--by", "Dana", "--reason", "again", "--yes");
        gone.Expect(5);
        Assert.Contains("No such dead letter.", gone.Errors, StringComparison.Ordinal);

        var after = await ops.RunAsync("dead-letters", "list", "menu", "--json", "--limit", "500");
        Assert.DoesNotContain(MessageIds(after.Json), mine.Contains);
        // With nothing left waiting, menu is healthy again, as the other tests of this system expect.
        using var anonymous = system.Client("menu");
        await Eventually.AssertAsync(async () => Assert.Equal("Healthy", (await anonymous.GetAsync("/health").ExpectAsync(HttpStatusCode.OK)).Text("status")));
    }

    [Fact]
    public async Task Accounts_are_suspended_and_reinstated_and_one_replica_rebuilt_by_the_tool_and_the_dashboard()
    {
        var ops = await OpsTool.ForAsync(system);
        var customer = await system.SignUpAsync(Callers.Customer);

        var suspended = await ops.RunAsync("accounts", "suspend", customer.Id.ToString(), "--yes", "--json");
        suspended.Expect(0);
        Assert.Equal("Suspended", suspended.Json.Text("status"));
        await system.StatusReachesAsync("ordersdb", "account_replicas", "id", customer.Id, nameof(AccountStatus.Suspended));
        var reinstated = await system.CommandAsync("accounts", "reinstate-account", new Dictionary<string, string> { ["accountId"] = customer.Id.ToString() });
        Assert.True(reinstated.Success, reinstated.Message);
        Assert.Equal("Active", JsonDocument.Parse(reinstated.Data!.Value).RootElement.Text("status"));
        await system.StatusReachesAsync("ordersdb", "account_replicas", "id", customer.Id, nameof(AccountStatus.Active));
        var suspendedFromDashboard = await system.CommandAsync("accounts", "suspend-account", new Dictionary<string, string> { ["accountId"] = customer.Id.ToString() });
        Assert.True(suspendedFromDashboard.Success, suspendedFromDashboard.Message);
        var reinstatedByTool = await ops.RunAsync("accounts", "reinstate", customer.Id.ToString(), "--yes");
        reinstatedByTool.Expect(0);
        Assert.Contains("Active", reinstatedByTool.Output, StringComparison.Ordinal);
        var unknown = await ops.RunAsync("accounts", "suspend", Guid.NewGuid().ToString(), "--yes");
        unknown.Expect(5);

        // One event type's replica: the tool and the dashboard rebuild just it.
        var rebuilt = await ops.RunAsync("rebuild", "menu", "--event-type", "RestaurantChanged", "--yes", "--json");
        rebuilt.Expect(0);
        Assert.Equal(["RestaurantChanged"], rebuilt.Json.GetProperty("replicas").EnumerateArray().Select(replica => replica.Text("eventType")));
        var rebuiltFromDashboard = await system.CommandAsync("menu", "rebuild-replica", new Dictionary<string, string> { ["eventType"] = "AccountChanged" });
        Assert.True(rebuiltFromDashboard.Success, rebuiltFromDashboard.Message);
        Assert.Equal(["AccountChanged"], JsonDocument.Parse(rebuiltFromDashboard.Data!.Value).RootElement.GetProperty("replicas").EnumerateArray()
            .Select(replica => replica.Text("eventType")));
        var notKept = await ops.RunAsync("rebuild", "menu", "--event-type", "OrderChanged", "--yes");
        notKept.Expect(2);
    }

    [Fact]
    public async Task Exit_codes_say_what_happened_and_keys_come_only_from_the_environment_or_a_file()
    {
        var ops = await OpsTool.ForAsync(system);
        var readKey = await system.OperatorKeyAsync("menu", OperatorScope.Read);

        var wrongKey = await ops.With(new Dictionary<string, string> { ["FOODDELIVERY_OPS_READ_KEY"] = "not-the-key" }).RunAsync("status", "menu");
        wrongKey.Expect(4);
        // The read key where the repair key is expected: the service refuses it.
        var readForRepair = await ops.With(new Dictionary<string, string> { ["FOODDELIVERY_OPS_REPAIR_KEY"] = readKey }).RunAsync("resync", "menu", "--yes");
        readForRepair.Expect(4);
        var onlyRead = await OpsTool.ForAsync(system, new Dictionary<string, string> { ["FOODDELIVERY_OPS_READ_KEY"] = readKey });
        var noRepairKey = await onlyRead.RunAsync("resync", "menu", "--yes");
        noRepairKey.Expect(2);
        Assert.Contains("FOODDELIVERY_OPS_REPAIR_KEY", noRepairKey.Errors, StringComparison.Ordinal);
        Assert.True((await onlyRead.RunAsync("status", "menu")).ExitCode is 0 or 1);

        // A key file in place of the environment; no option takes a key.
        var keyFile = Path.Combine(Path.GetTempPath(), $"fooddelivery-ops-{Guid.NewGuid():N}.keys");
        await File.WriteAllTextAsync(keyFile, $"# the read key only\nread={readKey}\n");
        var fromFile = await OpsTool.ForAsync(system, new Dictionary<string, string>());
        Assert.True((await fromFile.RunAsync("status", "menu", "--key-file", keyFile)).ExitCode is 0 or 1);
        (await fromFile.RunAsync("status", "menu")).Expect(2);
        (await fromFile.RunAsync("status", "menu", "--key", readKey)).Expect(2);

        // A service that cannot be reached is a row saying so; the others still answer.
        var closed = await ops.RunAsync("status", "--json", "--address", "payments=http://127.0.0.1:9");
        closed.Expect(3);
        Assert.Contains("could not be reached", closed.Json.GetProperty("payments").Text("error"), StringComparison.Ordinal);
        Assert.Equal("menu", closed.Json.GetProperty("menu").Text("service"));

        (await ops.RunAsync("status", "kitchen")).Expect(2);
        (await ops.RunAsync("where-is", "PizzaChanged", Guid.NewGuid().ToString())).Expect(2);
        (await ops.RunAsync("no-such-verb")).Expect(2);
        var unknownEntity = await ops.RunAsync("re-home", "restaurants", "RestaurantChanged", Guid.NewGuid().ToString(), "--yes");
        unknownEntity.Expect(5);
    }

    [Fact]
    public async Task Through_kubectl_it_forwards_to_each_service_s_management_service_in_the_context_and_namespace_given()
    {
        // A stand-in kubectl: records its arguments and "forwards" to the running service's management port.
        var directory = Directory.CreateTempSubdirectory("fooddelivery-ops-kubectl").FullName;
        var recorded = Path.Combine(directory, "arguments");
        var port = system.App.GetEndpoint("menu", ManagementEndpoint.Name).Port;
        var kubectl = Path.Combine(directory, "kubectl");
        await File.WriteAllTextAsync(kubectl,
            $"#!/bin/bash\nprintf '%s\\n' \"$@\" > '{recorded}'\necho \"Forwarding from 127.0.0.1:{port} -> 8081\"\nexec sleep 600\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var ops = (await OpsTool.ForAsync(system)).With(new Dictionary<string, string>
        {
            ["FOODDELIVERY_OPS_KUBECTL"] = kubectl,
            ["FOODDELIVERY_OPS_ADDRESSES"] = "",
        });

        var status = await ops.RunAsync("status", "menu", "--json", "--context", "prod-eu", "--namespace", "fooddelivery");
        Assert.True(status.ExitCode is 0 or 1, status.ToString());
        Assert.Equal("menu", status.Json.Text("service"));
        Assert.Equal(["--context", "prod-eu", "--namespace", "fooddelivery", "port-forward", "service/menu-management", ":8081", "--address", "127.0.0.1"],
            await File.ReadAllLinesAsync(recorded));

        // Without an address or a cluster to forward in, it says what to give.
        var nowhere = await ops.RunAsync("status", "menu");
        nowhere.Expect(2);
        Assert.Contains("--address menu=", nowhere.Errors, StringComparison.Ordinal);
    }

    /// <summary>The Markdown without its last line, which says when it was asked.</summary>
    static string WithoutAskedAt(string markdown) =>
        string.Join('\n', markdown.Trim().Split('\n').Where(line => !line.StartsWith("Asked at ", StringComparison.Ordinal)));

    static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal);

    static IEnumerable<string> MessageIds(JsonElement page) => page.GetProperty("letters").EnumerateArray().Select(letter => letter.Text("messageId"));

    /// <summary>A valid event from restaurants as menu's consumer dead-letters it (as DeadLetterTests does).</summary>
    async Task DeadLetterAsync(Guid id, string messageId, string name)
    {
        await using var broker = await RawBroker.ConnectAsync(system, "menu");
        await broker.PublishToAsync(BrokerNames.DeadLetterExchange("menu"), BrokerNames.EngineDeadLetterKey, "RestaurantChanged",
            RestaurantReplicationTests.Snapshot(id, 1, name), messageId, "restaurants", new Dictionary<string, object?>
            {
                ["fd-aggregate-id"] = id.ToString(),
                ["fd-version"] = 1L,
                ["fd-dead-letter-reason"] = "RestaurantChanged failed 3 times in the handler",
                ["fd-dead-lettered-by"] = "menu",
                ["fd-dead-lettered-at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["fd-received-from"] = BrokerNames.OwnerExchange("restaurants"),
            });
    }
}
