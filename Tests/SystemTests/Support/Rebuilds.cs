using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>A service's <c>POST /sync/rebuild</c> answer, read from its Rebuild replicas dashboard command.</summary>
public static class Rebuilds
{
    public sealed record ReplicaRebuilt(
        string Owner, string Consumer, string EventType, long OwnerRows, long ReplicaRows,
        long Overwritten, long Removed, long Added, long Superseded, long FromPeer, Dictionary<string, List<Guid>> Examples, string? Error)
    {
        public IEnumerable<Guid> ExamplesOf(string kind) => Examples.TryGetValue(kind, out var ids) ? ids : [];
    }

    public sealed record RebuildAnswer(string Service, long Count, string Message, List<ReplicaRebuilt> Replicas)
    {
        /// <summary>The rebuild of the replica of one event type (a service may keep several).</summary>
        public ReplicaRebuilt Of(string eventType) => Assert.Single(Replicas, replica => replica.EventType == eventType);
    }

    /// <summary>Runs the service's Rebuild replicas command, as an operator clicking it would, and reads its answer.</summary>
    public static async Task<RebuildAnswer> RebuildReplicasAsync(this AppHostSystem system, string service)
    {
        var result = await system.CommandAsync(service, "rebuild-replicas");
        Assert.True(result.Success, result.Message);
        return JsonSerializer.Deserialize<RebuildAnswer>(result.Data!.Value, JsonSerializerOptions.Web)!;
    }
}
