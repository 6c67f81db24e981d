using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// What a reaction promises about this service's own data once it ran ("every paid order has a delivery"), as a
/// query of the ids that break it. The convergence check runs every declared invariant: comparing replica rows
/// with their owners cannot see a reaction that never ran (its event applied as stale), its missing effect can.
/// Reactions run in the transaction of the replica write they react to, so a breach is never an apply in
/// progress; with a peer cluster, an effect produced there shows as a breach until its copy arrives here, as
/// lag shows as stale rows.
/// </summary>
public sealed class EffectInvariant
{
    /// <summary>Ids kept per invariant for an operator to look at.</summary>
    public const int ExampleLimit = 20;

    readonly Func<DbContext, IQueryable<Guid>> breaches;

    EffectInvariant(string statement, Func<DbContext, IQueryable<Guid>> breaches)
    {
        Statement = statement;
        this.breaches = breaches;
    }

    /// <summary>The invariant as a sentence, as reports name it.</summary>
    public string Statement { get; }

    /// <summary>An invariant of <typeparamref name="TDb"/>: <paramref name="breaches"/> selects the ids of the entities that break it.</summary>
    public static EffectInvariant Of<TDb>(string statement, Func<TDb, IQueryable<Guid>> breaches) where TDb : DbContext =>
        new(statement, db => breaches((TDb)db));

    /// <summary>Counts the breaches in <paramref name="db"/>, with the first ids.</summary>
    internal async Task<InvariantBreaches> CheckAsync(DbContext db, CancellationToken ct)
    {
        var query = breaches(db);
        var count = await query.LongCountAsync(ct);
        var examples = count == 0 ? [] : await query.OrderBy(id => id).Take(ExampleLimit).ToListAsync(ct);
        return new InvariantBreaches(Statement, count, examples, Error: null);
    }
}
