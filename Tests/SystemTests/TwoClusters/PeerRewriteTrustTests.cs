using System.Text.Json;
using FoodDelivery.Contracts;
using static FoodDelivery.SystemTests.TwoClusters.TwoClusterSystem;

namespace FoodDelivery.SystemTests.TwoClusters;

/// <summary>
/// A compromised peer cluster holds its own services' broker users, and what they publish on their own exchanges
/// crosses the link. For an entity homed here that is worth nothing: neither this cluster's copy nor any replica of
/// it takes a peer's change, only the take-over its operator fenced, and no peer event moves an epoch more than one.
/// </summary>
[Collection(nameof(TwoClusterSystem))]
public sealed class PeerRewriteTrustTests(TwoClusterSystem system)
{
    static readonly string[] AccountReplicas = ["restaurants", "menu", "orders", "delivery", "reviews"];

    [Fact]
    public async Task West_accounts_can_neither_reinstate_nor_rehome_nor_exhaust_the_epochs_of_an_account_homed_in_east()
    {
        var customer = await system.EastCluster.SignUpCustomerAsync();
        using (var eastAccounts = await system.EastCluster.OperatorClientAsync("accounts"))
        {
            await eastAccounts.PostAsync($"/operator/accounts/{customer.Id}/suspend", null).ExpectAsync(HttpStatusCode.OK);
        }
        await system.WestCluster.ReplicaReachesAsync("accountsdb", "accounts", customer.Id, 2);
        foreach (var service in AccountReplicas)
        {
            await system.EastCluster.StatusReachesAsync($"{service}db", "account_replicas", "id", customer.Id, nameof(AccountStatus.Suspended));
        }

        // What west's accounts could send with its own broker user, through its own exchange, which the link brings to east:
        // the account reinstated in its epoch, the same taken over by west, and epochs chained towards the cap.
        var forgeries = new List<(string MessageId, long Version)>
        {
            (Guid.NewGuid().ToString(), 3),
            (Guid.NewGuid().ToString(), (1L << 32) | 1),
            (Guid.NewGuid().ToString(), (2L << 32) | 1),
            (Guid.NewGuid().ToString(), (ChangeVersion.MaxEpoch << 32) | 1),
        };
        await using (var westAccounts = await system.RawBrokerAsync(West, "accounts"))
        {
            foreach (var (messageId, version) in forgeries)
            {
                var reinstated = JsonSerializer.Serialize(new
                {
                    id = customer.Id, version, deleted = false, email = customer.Email, displayName = "Reinstated by west",
                    role = nameof(AccountRole.Customer), status = nameof(AccountStatus.Active),
                });
                await westAccounts.PublishAsync(nameof(AccountChanged), reinstated, messageId);
            }
        }

        // East's accounts (its own row) and every east replica of accounts dead-letter each of them, saying why.
        await using (var inspector = await system.RawBrokerAsync(East))
        {
            foreach (var consumer in AccountReplicas.Prepend("accounts"))
            {
                var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
                await Eventually.AssertAsync(async () =>
                {
                    letters.AddRange(await inspector.DrainAsync(BrokerNames.DeadLetterQueue(consumer)));
                    var kept = forgeries.Where(forgery => letters.All(letter => letter.MessageId != forgery.MessageId)).Select(forgery => forgery.Version);
                    Assert.True(!kept.Any(), $"east {consumer} dead-lettered none of versions {string.Join(", ", kept)}; " +
                                             $"east's account is now {await EastAccountAsync(customer.Id)}");
                });
                foreach (var (messageId, _) in forgeries.Take(2))
                {
                    var reason = RawBroker.Text(letters.First(letter => letter.MessageId == messageId).Headers["fd-dead-letter-reason"]);
                    Assert.Contains($"homed in {East}", reason, StringComparison.Ordinal);
                }
            }
        }

        // Nothing changed in east: the account is still suspended, homed in east, at east's version.
        Assert.Equal((2L, nameof(AccountStatus.Suspended), East), (
            await system.EastCluster.ColumnAsync<long>("accountsdb", "accounts", "version", "id", customer.Id),
            await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "status", "id", customer.Id),
            await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "home_cluster", "id", customer.Id)));
        foreach (var service in AccountReplicas)
        {
            Assert.Equal((2L, nameof(AccountStatus.Suspended)), (
                await system.EastCluster.ColumnAsync<long>($"{service}db", "account_replicas", "version", "id", customer.Id),
                await system.EastCluster.ColumnAsync<string>($"{service}db", "account_replicas", "status", "id", customer.Id)));
        }
        using var signIn = system.EastCluster.Client("accounts").FromNewAddress();
        await signIn.PostAsJsonAsync("/accounts/sign-in", new { email = customer.Email, password = customer.Password }).ExpectAsync(HttpStatusCode.Forbidden);

        // The take-over east's operator fenced still goes through: west re-homes the account, east and its replicas follow.
        await system.FenceForTakeOverAsync(East, "accounts");
        using (var westOperator = await system.WestCluster.OperatorClientAsync("accounts"))
        {
            var moved = await westOperator.PostAsync($"/sync/owned/{nameof(AccountChanged)}/{customer.Id}/rehome", null).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(FirstOfNextEpoch, moved.Version());
        }
        await system.EastCluster.ReplicaReachesAsync("accountsdb", "accounts", customer.Id, FirstOfNextEpoch);
        Assert.Equal((West, nameof(AccountStatus.Suspended)), (
            await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "home_cluster", "id", customer.Id),
            await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "status", "id", customer.Id)));
        foreach (var service in AccountReplicas)
        {
            await system.EastCluster.ReplicaReachesAsync($"{service}db", "account_replicas", customer.Id, FirstOfNextEpoch);
        }
        await system.LiftFenceAsync(East, "accounts");

        // West's own consumers believed its accounts (their owner in their cluster) up to the epoch jump they dead-lettered:
        // its operator drains those and rebuilds the replicas from the owner.
        await using (var westInspector = await system.RawBrokerAsync(West))
        {
            foreach (var service in AccountReplicas)
            {
                var letters = new List<(string? MessageId, IDictionary<string, object?> Headers)>();
                await Eventually.ValueAsync(async () =>
                {
                    letters.AddRange(await westInspector.DrainAsync(BrokerNames.DeadLetterQueue(service)));
                    return letters;
                }, taken => taken.Any(letter => letter.MessageId == forgeries[^1].MessageId));
            }
        }
        foreach (var service in AccountReplicas)
        {
            using var westOperator = await system.WestCluster.OperatorClientAsync(service);
            await westOperator.PostAsync($"{SyncRoutes.Rebuild}?eventType={nameof(AccountChanged)}", null).ExpectAsync(HttpStatusCode.OK);
        }
    }

    const long FirstOfNextEpoch = (1L << 32) + 1;

    async Task<string> EastAccountAsync(Guid id) =>
        $"version {await system.EastCluster.ColumnAsync<long>("accountsdb", "accounts", "version", "id", id)}, " +
        $"{await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "status", "id", id)}, " +
        $"homed in {await system.EastCluster.ColumnAsync<string>("accountsdb", "accounts", "home_cluster", "id", id)}";
}
