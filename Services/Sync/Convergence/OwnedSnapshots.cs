using System.IO.Pipelines;
using System.Text.Json;
using FoodDelivery.Sync.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// The owner's side of the convergence check: every row it owns of one entity, tombstones
/// included, written as the very events it publishes (the same query and map as a resync), as a
/// JSON array streamed row by row. Asked with <c>?homes=true</c> (the same service of the peer cluster does, to compare
/// homes), each element is <c>{"homeCluster": ..., "change": {the event}}</c>: the home this cluster believes the row
/// has, which no contract carries.
/// </summary>
internal static class OwnedSnapshots
{
    /// <summary>The query parameter that asks for each row's home with it.</summary>
    public const string HomesQuery = "homes";

    public const string HomeProperty = "homeCluster";

    public const string ChangeProperty = "change";

    const int FlushEvery = 200;

    /// <param name="homes">Each event wrapped with its entity's home cluster; otherwise the bare events.</param>
    public static async Task WriteAsync(Stream body, Publication publication, DbContext db, CancellationToken ct, bool homes = false)
    {
        // Over a PipeWriter, not the stream: the serializer flushes its writer after each value,
        // which on a stream would be synchronous I/O (refused by ASP.NET Core); here it only
        // commits bytes to the pipe, and the pipe is flushed asynchronously.
        var pipe = PipeWriter.Create(body);
        await using (var json = new Utf8JsonWriter(pipe))
        {
            json.WriteStartArray();
            var written = 0;
            await foreach (var entity in publication.ReadAll(db).WithCancellation(ct))
            {
                if (!homes)
                {
                    JsonSerializer.Serialize(json, publication.ToEvent(entity), publication.JsonTypeInfo);
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteString(HomeProperty, entity.HomeCluster);
                    json.WritePropertyName(ChangeProperty);
                    JsonSerializer.Serialize(json, publication.ToEvent(entity), publication.JsonTypeInfo);
                    json.WriteEndObject();
                }
                if (++written % FlushEvery == 0)
                {
                    await pipe.FlushAsync(ct);
                }
            }
            json.WriteEndArray();
        }
        await pipe.CompleteAsync();
    }
}
