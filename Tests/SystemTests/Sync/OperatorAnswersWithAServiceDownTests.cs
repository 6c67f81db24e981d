using System.Text.Json;
using FoodDelivery.Contracts;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The operator's questions matter most when a service is down: Where is ...?, the convergence check and the
/// dead-letter list still answer (200), each service that could not be asked is a row saying so and why, and the rest
/// of the answer stands. On their own AppHost: the test stops orders (started again, healthy, before it returns).
/// </summary>
[Collection(nameof(IsolatedSystem))]
public sealed class OperatorAnswersWithAServiceDownTests(IsolatedSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task With_orders_stopped_where_is_the_convergence_check_and_the_dead_letter_list_answer_with_orders_as_an_unreachable_row()
    {
        var id = await system.CreateAsync(name: "Asked about while orders is down");
        foreach (var consumer in new[] { "menu", "orders", "delivery" })
        {
            await system.ReplicaReachesAsync(consumer + "db", "restaurant_replicas", id, 1);
        }

        await system.StopAsync("orders");
        try
        {
            using var menu = await system.OperatorClientAsync("menu", OperatorScope.Read);
            // ExpectAsync disposes the answer; its headers stay readable.
            var whereAnswer = await menu.GetAsync($"/sync/entities/RestaurantChanged/{id}");
            var where = await Task.FromResult(whereAnswer).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(["orders"], whereAnswer.Headers.GetValues(PartialAnswer.UnreachableHeader));
            var copies = where.GetProperty("copies").EnumerateArray().ToDictionary(copy => copy.Text("service"));
            foreach (var reached in new[] { "restaurants", "menu", "delivery" })
            {
                Assert.True(copies[reached].GetProperty("error").ValueKind == JsonValueKind.Null, $"{reached}: {copies[reached].GetProperty("error")}");
                Assert.Equal(1L, copies[reached].GetProperty("heldVersion").GetInt64());
            }
            Assert.Contains("orders", copies["orders"].Text("error"));
            output.WriteLine($"Where is ...? orders row: {copies["orders"].Text("error")}");
            Assert.Equal(["orders"], Services(where.GetProperty("unreachable")));
            Assert.False(where.GetProperty("converged").GetBoolean());

            var whereIs = await system.CommandAsync("menu", "where-is",
                new Dictionary<string, string> { ["eventType"] = "RestaurantChanged", ["id"] = id.ToString() });
            Assert.True(whereIs.Success, whereIs.Message);
            Assert.Contains("Partial: orders could not be reached", whereIs.Message);
            Assert.Contains("| restaurants | owner | v1 | 1 | 0 |", whereIs.Data!.Value);
            Assert.Contains("| delivery | consumer | v1 | 1 | 0 | up to date |", whereIs.Data.Value);
            Assert.Contains("| orders | consumer | (unreachable) |", whereIs.Data.Value);
            Assert.Contains("**Unreachable: orders**", whereIs.Data.Value);

            // Delivery replicates restaurants (owner up) and orders (owner down).
            using var delivery = await system.OperatorClientAsync("delivery", OperatorScope.Read);
            var report = await delivery.GetAsync("/sync/convergence").ExpectAsync(HttpStatusCode.OK);
            var replicas = report.GetProperty("replicas").EnumerateArray().ToDictionary(replica => replica.Text("eventType"));
            Assert.True(replicas["RestaurantChanged"].GetProperty("error").ValueKind == JsonValueKind.Null, replicas["RestaurantChanged"].ToString());
            Assert.True(replicas["RestaurantChanged"].GetProperty("ownerRows").GetInt64() >= 1);
            Assert.Contains("orders", replicas["OrderChanged"].Text("error"));
            output.WriteLine($"Convergence OrderChanged row: {replicas["OrderChanged"].Text("error")}");
            Assert.Equal(["orders"], Services(report.GetProperty("unreachable")));

            var convergence = await system.CommandAsync("delivery", "check-convergence");
            Assert.True(convergence.Success, convergence.Message);
            Assert.Contains("Partial: orders could not be reached", convergence.Message);
            Assert.Contains("**Unreachable: orders**", convergence.Data!.Value);
            Assert.Contains("| RestaurantChanged (restaurants → delivery) |", convergence.Data.Value);

            // The dead-letter list asks no other service: it answers from the broker whatever else is down.
            await menu.GetAsync("/sync/dead-letters").ExpectAsync(HttpStatusCode.OK);
            var letters = await system.CommandAsync("menu", "list-dead-letters");
            Assert.True(letters.Success, letters.Message);
        }
        finally
        {
            await system.StartAsync("orders");
        }
    }

    static string[] Services(JsonElement list) => [.. list.EnumerateArray().Select(service => service.GetString()!)];
}
