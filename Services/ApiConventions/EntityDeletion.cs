using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.ApiConventions;

/// <summary>The one way every service answers a DELETE of something it owns.</summary>
public static class EntityDeletion
{
    /// <summary>
    /// Deletes <paramref name="entity"/> (the sync engine turns it into a versioned tombstone and
    /// publishes it): 204, or 404 when it was not found, or 409 when it changed meanwhile.
    /// </summary>
    public static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> DeleteFoundAsync<TEntity>(
        this DbContext db, TEntity? entity, string entityName, Guid id, CancellationToken ct)
        where TEntity : class
    {
        if (entity is null)
        {
            return TypedResults.NotFound();
        }
        db.Remove(entity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteConflicts.ChangedMeanwhile(entityName, id);
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// As <see cref="DeleteFoundAsync{TEntity}"/>, but only for the entity's owner: 403 for anyone else.
    /// </summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult, Conflict<ProblemDetails>>> DeleteAsOwnerAsync<TEntity>(
        this DbContext db, TEntity? entity, Func<TEntity, bool> callerOwns, string entityName, Guid id, CancellationToken ct)
        where TEntity : class
    {
        if (entity is not null && !callerOwns(entity))
        {
            return AccessProblems.NotYours(entityName, id);
        }
        return (await db.DeleteFoundAsync(entity, entityName, id, ct)).Result switch
        {
            NoContent deleted => deleted,
            NotFound missing => missing,
            Conflict<ProblemDetails> conflict => conflict,
            var other => throw new InvalidOperationException($"DeleteFoundAsync answered {other?.GetType().Name}."),
        };
    }
}
