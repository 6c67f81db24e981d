using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Monitoring;

namespace FoodDelivery.Sync.Tests;

/// <summary>The convergence report's Markdown lists each invariant the reactions declared, with its breaches.</summary>
public sealed class EffectReportTests
{
    static readonly DateTimeOffset Checked = new(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_invariant_is_a_row_with_its_breaches_and_the_first_ids_or_why_it_could_not_be_checked()
    {
        var breaking = Guid.NewGuid();
        var report = new ConvergenceReport("payments", false, 0, 0, 0, [], Checked)
        {
            Invariants =
            [
                new InvariantBreaches("every paid order has exactly one captured payment", 1, [breaking], null),
                new InvariantBreaches("every placed order has a payment attempt", 0, [], null),
                InvariantBreaches.Failed("no cancelled order keeps captured money", "NpgsqlException: the database | is down."),
            ],
        };

        var markdown = ConvergenceMarkdown.Render(report);

        Assert.Contains($"| every paid order has exactly one captured payment | 1 | {breaking} |", markdown);
        Assert.Contains("| every placed order has a payment attempt | 0 | ✓ |", markdown);
        Assert.Contains("| no cancelled order keeps captured money | 0 | NpgsqlException: the database \\| is down. |", markdown);
    }

    [Fact]
    public void A_service_whose_reactions_declare_nothing_shows_no_invariant_table()
    {
        var markdown = ConvergenceMarkdown.Render(new ConvergenceReport("menu", true, 0, 0, 0, [], Checked));

        Assert.DoesNotContain("| invariant |", markdown);
    }
}
