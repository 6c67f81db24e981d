using FoodDelivery.Contracts;
using FoodDelivery.Sync.DeadLetters;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Repair;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace FoodDelivery.Sync.Endpoints;

/// <summary>
/// The dead letters: listed a page at a time and peeked at with the read key; replayed (all, or one) and discarded (who
/// and why, logged) with the repair key.
/// </summary>
internal static class DeadLetterEndpoints
{
    public static void MapDeadLetters(RouteGroupBuilder reads, RouteGroupBuilder repairs)
    {
        reads.MapGet(SyncRoutes.DeadLettersTemplate, ListDeadLetters);
        reads.MapGet(SyncRoutes.DeadLetterTemplate, PeekDeadLetter);
        repairs.MapPost(SyncRoutes.ReplayDeadLettersTemplate, ReplayDeadLetters);
        repairs.MapPost(SyncRoutes.ReplayDeadLetterTemplate, ReplayDeadLetter);
        repairs.MapPost(SyncRoutes.DiscardDeadLetterTemplate, DiscardDeadLetter);
    }

    static async Task<Ok<RepairResult>> ReplayDeadLetters(DeadLetterReplay replay, ISyncMonitor monitor, CancellationToken ct)
    {
        var moved = await replay.RunAsync(ct);
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(moved, $"{moved} dead letters moved back to the queue."));
    }

    /// <summary>A page of the list (<c>?skip=K&amp;limit=N</c>); the header says how many wait in all, for "first N of M".</summary>
    static async Task<Ok<IReadOnlyList<DeadLetter>>> ListDeadLetters(
        HttpContext context, int? skip, int? limit, DeadLetterQueue letters, CancellationToken ct)
    {
        var page = await letters.ListAsync(Math.Max(skip ?? 0, 0), limit ?? DeadLetterPaging.DefaultLimit, ct);
        context.Response.Headers[DeadLetterPaging.TotalHeader] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Letters);
    }

    static async Task<Results<Ok<DeadLetterContent>, NotFound<ProblemDetails>>> PeekDeadLetter(
        string messageId, DeadLetterQueue letters, CancellationToken ct) =>
        await letters.PeekAsync(messageId, ct) is { } content ? TypedResults.Ok(content) : NoSuchDeadLetter(messageId);

    static async Task<Results<Ok<RepairResult>, NotFound<ProblemDetails>>> ReplayDeadLetter(
        string messageId, DeadLetterQueue letters, ISyncMonitor monitor, CancellationToken ct)
    {
        if (await letters.ReplayAsync(messageId, ct) is not { } replayed)
        {
            return NoSuchDeadLetter(messageId);
        }
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(1, $"{replayed.Type} {replayed.AggregateId} v{replayed.Version} ({messageId}) moved back to the queue."));
    }

    static async Task<Results<Ok<RepairResult>, ValidationProblem, NotFound<ProblemDetails>>> DiscardDeadLetter(
        string messageId, DeadLetterDiscard discard, DeadLetterQueue letters, ISyncMonitor monitor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(discard.By))
        {
            errors["by"] = ["Say who discards the dead letter (it goes into the log)."];
        }
        if (string.IsNullOrWhiteSpace(discard.Reason))
        {
            errors["reason"] = ["Say why the dead letter is discarded (it goes into the log)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "A discard needs who and why.");
        }
        if (await letters.DiscardAsync(messageId, discard.By!.Trim(), discard.Reason!.Trim(), ct) is not { } discarded)
        {
            return NoSuchDeadLetter(messageId);
        }
        await monitor.RefreshAsync(ct);
        return TypedResults.Ok(new RepairResult(1, $"{discarded.Type} {discarded.AggregateId} v{discarded.Version} ({messageId}) discarded."));
    }

    static NotFound<ProblemDetails> NoSuchDeadLetter(string messageId) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No such dead letter.",
        Detail = $"No message with message_id {messageId} waits in this service's dead-letter queue.",
        Extensions = { ["field"] = "messageId" },
    });
}
