using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// How many queues the raw baseline's fanout exchange feeds and the prefetch its consumers take.
/// <see cref="Same"/> is what the measured event type meets in the system, so "x% of raw" compares like
/// with like; <see cref="Old"/> is the baseline of the tables before issue 31 (seven queues, prefetch 32).
/// </summary>
public sealed record RawTopology(string Name, int Queues, ushort Prefetch)
{
    /// <summary>The event type every section writes (restaurants created through the HTTP API).</summary>
    public const string MeasuredEventType = nameof(RestaurantChanged);

    /// <summary>The services whose queue the measured type reaches, in catalogue order (declared before Same, which counts them).</summary>
    public static IReadOnlyList<string> Consumers { get; } =
        [.. ServiceCatalogue.Services.Where(service => service.Replicates.Contains(MeasuredEventType)).Select(service => service.Name)];

    public static readonly RawTopology Old = new("old", 7, 32);

    /// <summary>
    /// One queue per service that replicates the measured type (the catalogue the AppHost binds queues from:
    /// menu, orders, delivery today) and the engine's default prefetch (<c>Sync:Prefetch</c>).
    /// </summary>
    public static readonly RawTopology Same = new("same", Consumers.Count, new SyncOptions().Prefetch);

    public string Description => $"{Name}: {Queues} queues, prefetch {Prefetch}";

    /// <summary><c>--raw-topology old|same|both</c>: the baselines to run, the denominator (same unless only old) first.</summary>
    public static IReadOnlyList<RawTopology> Parse(string? option) => option?.ToLowerInvariant() switch
    {
        null or "same" => [Same],
        "old" => [Old],
        "both" => [Same, Old],
        _ => throw new ArgumentException($"--raw-topology takes old, same or both, not {option}."),
    };
}
