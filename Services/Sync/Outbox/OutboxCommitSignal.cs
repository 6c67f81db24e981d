using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FoodDelivery.Sync.Outbox;

/// <summary>Wakes the relay when an explicit transaction that wrote outbox rows commits (<see cref="OutboxCommits"/>).</summary>
internal sealed class OutboxCommitSignal(OutboxCommits commits) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        commits.TransactionEnded(transaction, committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        commits.TransactionEnded(transaction, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        commits.TransactionEnded(transaction, committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        commits.TransactionEnded(transaction, committed: false);
        return Task.CompletedTask;
    }
}
