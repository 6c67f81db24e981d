using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// The paths the dashboard commands and the engine's own clients call are the ones the engine maps: each built
/// path matches its template under the prefix, with the values it was built from (escaped ones included).
/// </summary>
public sealed class SyncRoutesTests
{
    static readonly Guid Id = Guid.Parse("01a237cc-0432-7596-9bcb-acc774dfebc9");

    public static TheoryData<string, string, string[]> BuiltPaths => new()
    {
        { SyncRoutes.StatusTemplate, SyncRoutes.Status, [] },
        { SyncRoutes.ConvergenceTemplate, SyncRoutes.Convergence, [] },
        { SyncRoutes.ResyncTemplate, SyncRoutes.Resync, [] },
        { SyncRoutes.RebuildTemplate, SyncRoutes.Rebuild, [] },
        { SyncRoutes.DeadLettersTemplate, SyncRoutes.DeadLetters, [] },
        { SyncRoutes.ReplayDeadLettersTemplate, SyncRoutes.ReplayDeadLetters, [] },
        { SyncRoutes.DeadLetterTemplate, SyncRoutes.DeadLetter("m 1/2"), ["messageId=m 1/2"] },
        { SyncRoutes.ReplayDeadLetterTemplate, SyncRoutes.ReplayDeadLetter("m1"), ["messageId=m1"] },
        { SyncRoutes.DiscardDeadLetterTemplate, SyncRoutes.DiscardDeadLetter("m1"), ["messageId=m1"] },
        { SyncRoutes.EntityTemplate, SyncRoutes.Entity(nameof(RestaurantChanged), Id.ToString()), [$"eventType={nameof(RestaurantChanged)}", $"id={Id}"] },
        { SyncRoutes.LocalEntityTemplate, SyncRoutes.LocalEntity(nameof(MenuItemChanged), Id), [$"eventType={nameof(MenuItemChanged)}", $"id={Id}"] },
        { SyncRoutes.OwnedTemplate, SyncRoutes.Owned(nameof(AccountChanged)), [$"eventType={nameof(AccountChanged)}"] },
        { SyncRoutes.RehomeEntityTemplate, SyncRoutes.RehomeEntity(nameof(OrderChanged), Id), [$"eventType={nameof(OrderChanged)}", $"id={Id}"] },
        { SyncRoutes.RehomeClusterTemplate, SyncRoutes.RehomeCluster("west"), ["lostCluster=west"] },
        { SyncRoutes.FenceTemplate, SyncRoutes.Fence("accounts"), ["owner=accounts"] },
    };

    [Theory]
    [MemberData(nameof(BuiltPaths))]
    public void A_built_path_matches_the_template_the_engine_maps(string template, string path, string[] values)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(SyncRoutes.Prefix + template), new RouteValueDictionary());
        var matched = new RouteValueDictionary();
        // Matched as sent: a value's escapes (a space, a slash) stay inside its one segment.
        Assert.True(matcher.TryMatch(path, matched), $"{path} does not match {SyncRoutes.Prefix}{template}");
        foreach (var value in values)
        {
            var (name, expected) = (value[..value.IndexOf('=')], value[(value.IndexOf('=') + 1)..]);
            Assert.Equal(expected, Uri.UnescapeDataString(Convert.ToString(matched[name], System.Globalization.CultureInfo.InvariantCulture)!));
        }
    }
}
