using FoodDelivery.Contracts;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Entities;
using FoodDelivery.Sync.Monitoring;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// An answer with a service that could not be asked says so where the operator looks first (the list, the first
/// lines of the Markdown, the command's message), and keeps every other row as it was.
/// </summary>
public sealed class PartialAnswerTests
{
    static readonly DateTimeOffset Asked = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Where_is_names_the_unreachable_service_and_keeps_the_others_rows()
    {
        var where = new EntityWhereabouts("RestaurantChanged", Guid.NewGuid(), "restaurants",
        [
            new EntityCopy("restaurants", true, 3, false, [], [], [], null),
            new EntityCopy("menu", false, 3, false, [], [], [], null),
            EntityCopy.Unreachable("orders", false, "orders could not be reached: TimeoutRejectedException: timed out."),
        ], Asked);

        Assert.Equal(["orders"], where.Unreachable);
        Assert.False(where.Converged);
        var markdown = EntityMarkdown.Render(where);
        Assert.Contains("**not every service could be asked.**", markdown);
        Assert.Contains("**Unreachable: orders**", markdown);
        Assert.Contains("| menu | consumer | v3 | 0 | 0 | up to date |", markdown);
        Assert.Contains("| orders | consumer | (unreachable) | 0 | 0 | orders could not be reached: TimeoutRejectedException: timed out. |", markdown);
    }

    [Fact]
    public void The_convergence_report_names_unreachable_owners_but_not_rows_that_failed_here()
    {
        var report = new ConvergenceReport("delivery", false, 0, 0, 0,
        [
            ReplicaConvergence.Failed("orders", "delivery", "OrderChanged", "orders could not be reached for its OrderChanged snapshots.") with { OwnerUnreachable = true },
            ReplicaConvergence.Failed("accounts", "delivery", "AccountChanged", "NpgsqlException: this service's database is down."),
        ], Asked);

        Assert.Equal(["orders"], report.Unreachable);
        Assert.Contains("**Unreachable: orders**", ConvergenceMarkdown.Render(report));
    }

    [Fact]
    public void The_status_line_says_partial_only_when_someone_could_not_be_reached()
    {
        Assert.Equal("", PartialAnswer.Describe([]));
        Assert.Equal(" Partial: orders could not be reached (see its row).", PartialAnswer.Describe(["orders"]));
        Assert.Equal(" Partial: orders, payments could not be reached (see their rows).", PartialAnswer.Describe(["orders", "payments"]));
    }
}
