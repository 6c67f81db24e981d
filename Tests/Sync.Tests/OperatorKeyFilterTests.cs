using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Tests;

/// <summary>Which key opens which scope, and what a refusal says (the running system's tests cover the wiring).</summary>
public sealed class OperatorKeyFilterTests
{
    const string ReadKey = "the-read-key";
    const string RepairKey = "the-repair-key";
    const string MenuCallerKey = "menu's-caller-key";
    const string WestCallerKey = "west-restaurants'-caller-key";
    static readonly object Passed = new();

    [Theory]
    [InlineData(OperatorScope.Read, ReadKey)]
    [InlineData(OperatorScope.Read, RepairKey)]
    [InlineData(OperatorScope.Repair, RepairKey)]
    public async Task A_key_that_opens_the_scope_lets_the_request_through(OperatorScope scope, string key) =>
        Assert.Same(Passed, await InvokeAsync(scope, key));

    [Fact]
    public async Task The_read_key_on_a_repair_is_refused_naming_the_repair_key()
    {
        var refused = Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Repair, ReadKey));
        Assert.Equal(StatusCodes.Status403Forbidden, refused.StatusCode);
        Assert.Contains("needs the repair key", refused.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OperatorScope.Read, "", StatusCodes.Status401Unauthorized)]
    [InlineData(OperatorScope.Repair, "", StatusCodes.Status401Unauthorized)]
    [InlineData(OperatorScope.Read, "a guess", StatusCodes.Status403Forbidden)]
    [InlineData(OperatorScope.Read, "the-read-key-and-more", StatusCodes.Status403Forbidden)]
    [InlineData(OperatorScope.Repair, "THE-REPAIR-KEY", StatusCodes.Status403Forbidden)]
    public async Task No_key_or_another_key_is_refused_with_problem_details(OperatorScope scope, string key, int status)
    {
        var refused = Assert.IsType<ProblemHttpResult>(await InvokeAsync(scope, key));
        Assert.Equal(status, refused.StatusCode);
        Assert.Contains(OperatorKeys.Header, refused.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_presented_as_the_key_opens_nothing()
    {
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, OperatorKeys.Digest(ReadKey)));
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Repair, OperatorKeys.Digest(RepairKey)));
    }

    [Fact]
    public async Task An_unset_key_opens_nothing_not_even_for_an_empty_guess()
    {
        var options = new SyncOptions { ServiceName = "restaurants" };
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, "x", options: options));
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Repair, " ", options: options));
    }

    [Fact]
    public async Task A_caller_key_reads_the_owned_snapshots_of_what_its_service_replicates_and_nothing_else()
    {
        Assert.Same(Passed, await InvokeAsync(OperatorScope.Read, MenuCallerKey, nameof(RestaurantChanged), snapshotReaders: true));
        // Restaurants owns only RestaurantChanged, but a caller key is judged by what its service replicates.
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, MenuCallerKey, nameof(OrderChanged), snapshotReaders: true));
        // Anywhere else it is no key at all.
        var refused = Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, MenuCallerKey, nameof(RestaurantChanged)));
        Assert.Equal(StatusCodes.Status403Forbidden, refused.StatusCode);
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Repair, MenuCallerKey, nameof(RestaurantChanged), snapshotReaders: true));
    }

    [Fact]
    public async Task The_peer_namesake_s_caller_key_reads_what_this_service_owns_and_nothing_else()
    {
        Assert.Same(Passed, await InvokeAsync(OperatorScope.Read, WestCallerKey, nameof(RestaurantChanged), snapshotReaders: true));
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, WestCallerKey, nameof(AccountChanged), snapshotReaders: true));
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, WestCallerKey, nameof(RestaurantChanged)));
    }

    static async Task<object?> InvokeAsync(
        OperatorScope scope, string presented, string? eventType = null, bool snapshotReaders = false, SyncOptions? options = null)
    {
        options ??= new SyncOptions
        {
            ServiceName = "restaurants",
            Cluster = "east",
            PeerCluster = "west",
            ReadKeyDigest = OperatorKeys.Digest(ReadKey),
            RepairKeyDigest = OperatorKeys.Digest(RepairKey),
            SnapshotReaders = new(StringComparer.Ordinal)
            {
                ["menu"] = OperatorKeys.Digest(MenuCallerKey),
                ["west-restaurants"] = OperatorKeys.Digest(WestCallerKey),
            },
        };
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(options).BuildServiceProvider() };
        if (presented.Length > 0)
        {
            context.Request.Headers[OperatorKeys.Header] = presented;
        }
        if (eventType is not null)
        {
            context.Request.RouteValues["eventType"] = eventType;
        }
        return await new OperatorKeyFilter(scope, snapshotReaders).InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context), _ => ValueTask.FromResult<object?>(Passed));
    }
}
