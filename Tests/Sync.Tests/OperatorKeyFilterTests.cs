using FoodDelivery.Contracts;
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
    public async Task An_unset_key_opens_nothing_not_even_for_an_empty_guess()
    {
        var options = new SyncOptions { ReadKey = "", RepairKey = "" };
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Read, "x", options));
        Assert.IsType<ProblemHttpResult>(await InvokeAsync(OperatorScope.Repair, " ", options));
    }

    static async Task<object?> InvokeAsync(OperatorScope scope, string presented, SyncOptions? options = null)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(options ?? new SyncOptions { ReadKey = ReadKey, RepairKey = RepairKey }).BuildServiceProvider(),
        };
        if (presented.Length > 0)
        {
            context.Request.Headers[OperatorKeys.Header] = presented;
        }
        return await new OperatorKeyFilter(scope).InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context), _ => ValueTask.FromResult<object?>(Passed));
    }
}
