using System.IO.Pipelines;
using System.Text.Json;
using FoodDelivery.Sync.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// The owner's side of the convergence check: every row it owns of one entity, tombstones
/// included, written as the very events it publishes (the same query and map as a resync), as a
/// JSON array streamed row by row.
/// </summary>
public static class OwnedSnapshots
{
    const int FlushEvery = 200;

    public static async Task WriteAsync(Stream body, Publication publication, DbContext db, CancellationToken ct)
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
                JsonSerializer.Serialize(json, publication.ToEvent(entity), publication.JsonTypeInfo);
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
