using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Wakes the relay only for writes that added outbox rows, once those rows are committed: a SaveChanges of its own
/// right after it saved, one inside an explicit transaction when that transaction commits. Every other commit (the
/// consumer's inbox and replica writes above all) finds nothing new, so waking the relay for it cost an empty read.
/// A wake-up missed here would only delay a publish to the next poll; one too many costs an empty read.
/// </summary>
internal sealed class OutboxCommits(OutboxSignal signal)
{
    static readonly object Marked = new();

    // Keyed by the context or transaction itself and held weakly: one abandoned without a commit or a rollback
    // leaves nothing behind.
    readonly ConditionalWeakTable<DbContext, object> savesWithRows = new();
    readonly ConditionalWeakTable<DbTransaction, object> transactionsWithRows = new();

    /// <summary>The SaveChanges running in <paramref name="context"/> adds outbox rows.</summary>
    public void RowsAdded(DbContext context)
    {
        if (context.Database.CurrentTransaction is { } transaction)
        {
            transactionsWithRows.AddOrUpdate(transaction.GetDbTransaction(), Marked);
        }
        else
        {
            savesWithRows.AddOrUpdate(context, Marked);
        }
    }

    /// <summary>A SaveChanges ended: saved on its own, its rows are committed.</summary>
    public void SaveEnded(DbContext? context, bool saved)
    {
        if (context is not null && savesWithRows.Remove(context) && saved)
        {
            signal.Notify();
        }
    }

    /// <summary>An explicit transaction ended: committed, the rows its saves added are visible now.</summary>
    public void TransactionEnded(DbTransaction transaction, bool committed)
    {
        if (transactionsWithRows.Remove(transaction) && committed)
        {
            signal.Notify();
        }
    }
}
