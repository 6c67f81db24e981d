using System.Collections.Concurrent;
using System.Diagnostics;
using FoodDelivery.Contracts;
using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// A broker outage is what the outbox exists to ride out, so it must not take the APIs out of their load
/// balancers: Kubernetes probes readiness at <c>/ready</c> (the process and its own database), while
/// <c>/health</c>, whose sync check fails without the broker, keeps telling the dashboard and the alerts.
/// On the fault suite's AppHost, since it stops the broker; the scenario starts and ends converged like its others.
/// </summary>
[Collection(nameof(FaultSuiteSystem))]
public sealed class BrokerOutageReadinessTests(FaultSuiteSystem system, ITestOutputHelper output)
{
    /// <summary>What the test probes as Kubernetes does; pointed at <see cref="HealthEndpoints.Health"/> once, it fails.</summary>
    const string ReadinessPath = HealthEndpoints.Ready;

    static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task With_the_broker_stopped_for_30_seconds_every_service_serves_its_API_and_stays_ready_and_all_converges_afterwards()
    {
        var (ready, before) = await system.WaitForConvergenceAsync(ConvergenceDeadline);
        Assert.True(ready is not null, $"The system was not converged before the outage:{Environment.NewLine}{before}");
        // What the writes during the outage rely on reaches every replica while the broker is up.
        var shop = await system.OpenShopAsync(900);
        var customer = await system.SignUpCustomerAsync();
        var delivered = (await system.DeliveredOrderAsync(customer, shop)).Id();
        await system.StatusReachesAsync("reviewsdb", "order_replicas", "id", delivered, "Delivered");
        var courier = await system.SignUpAsync(Callers.Courier);
        await system.AccountKnownToAsync(courier, "deliverydb");
        var started = DateTimeOffset.UtcNow;

        var polls = new ConcurrentQueue<(string Service, int Status)>();
        using var stopPolling = new CancellationTokenSource();
        var brokerDown = false;
        try
        {
            await system.StopAsync("messaging");
            brokerDown = true;
            var down = Stopwatch.StartNew();
            var poller = PollReadinessAsync(polls, stopPolling.Token);

            // The outage is real: every service's full report says so, which is what pulled them out before.
            foreach (var service in RunningSystem.ServiceNames)
            {
                using var management = system.ManagementClient(service);
                await Eventually.AssertAsync(async () => await management.GetAsync(HealthEndpoints.Health).ExpectAsync(HttpStatusCode.ServiceUnavailable));
            }

            // Every service keeps serving: a write to each that takes writes (into its outbox), a read from payments.
            await system.SignUpAsync(Callers.Customer);
            await system.CreateRestaurantAsync(shop.Owner);
            using (var menu = system.Client("menu", shop.Owner))
            {
                await menu.PostAsJsonAsync($"/restaurants/{shop.RestaurantId}/items",
                    new { name = "Outage special", priceMinor = 700, currency = "EUR", available = true }).ExpectAsync(HttpStatusCode.Created);
            }
            var placed = (await system.PlaceAsync(customer, shop.RestaurantId, shop.Items[0])).Id();
            using (var orders = system.Client("orders", customer))
            {
                // Cancelled at once, so no courier has to carry it once the broker is back.
                await orders.PostAsync($"/orders/{placed}/cancel", null).ExpectAsync(HttpStatusCode.OK);
            }
            using (var delivery = system.Client("delivery", courier))
            {
                await delivery.PutAsJsonAsync("/couriers/me/availability", new { available = false }).ExpectAsync(HttpStatusCode.OK);
            }
            using (var reviews = system.Client("reviews", customer))
            {
                await reviews.PostAsJsonAsync("/reviews", new { orderId = delivered, stars = 5, text = "Arrived before the outage." })
                    .ExpectAsync(HttpStatusCode.Created);
            }
            using (var payments = system.Client("payments", customer))
            {
                await payments.GetAsync($"/payments?orderId={delivered}").ExpectAsync(HttpStatusCode.OK);
            }
            foreach (var database in new[] { "accountsdb", "restaurantsdb", "menudb", "ordersdb", "deliverydb", "reviewsdb" })
            {
                Assert.True(await system.PendingOutboxAsync(database) > 0, $"{database} has nothing waiting in its outbox");
            }

            if (down.Elapsed < Outage)
            {
                await Task.Delay(Outage - down.Elapsed);
            }
            await stopPolling.CancelAsync();
            await poller;
            output.WriteLine($"broker down {down.Elapsed.TotalSeconds:F0} s, {polls.Count} readiness polls");
        }
        finally
        {
            await stopPolling.CancelAsync();
            if (brokerDown)
            {
                await system.StartAsync("messaging");
            }
        }

        foreach (var service in RunningSystem.ServiceNames)
        {
            var answers = polls.Where(poll => poll.Service == service).Select(poll => poll.Status).ToList();
            Assert.NotEmpty(answers);
            Assert.True(answers.All(status => status == 200),
                $"{service}'s {ReadinessPath} answered {string.Join(", ", answers)} while the broker was down");
        }
        var (converged, after) = await system.WaitForConvergenceAsync(ConvergenceDeadline);
        output.WriteLine(after.ToString());
        Assert.True(converged is not null, $"Not converged {ConvergenceDeadline.TotalSeconds} s after the broker came back:{Environment.NewLine}{after}");
        Assert.Equal(0, await system.EffectsAppliedTwiceAsync(started));
    }

    /// <summary>Every service's readiness on its API port, as the kubelet probes it, round after round until cancelled; an answer that never came counts as 0.</summary>
    async Task PollReadinessAsync(ConcurrentQueue<(string Service, int Status)> polls, CancellationToken stop)
    {
        var clients = RunningSystem.ServiceNames.ToDictionary(service => service, service =>
        {
            var client = system.Client(service);
            client.Timeout = TimeSpan.FromSeconds(5);
            return client;
        });
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(clients.Select(async pair =>
                {
                    try
                    {
                        using var response = await pair.Value.GetAsync(ReadinessPath, CancellationToken.None);
                        polls.Enqueue((pair.Key, (int)response.StatusCode));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        polls.Enqueue((pair.Key, 0));
                    }
                }));
                try
                {
                    // The kubelet's pace is one probe per period; once a second is closer than it needs to be.
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
