using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FoodDelivery.Sync.Outbox;

/// <summary>Wakes the relay when an explicit transaction commits (it may have written outbox rows).</summary>
internal sealed class OutboxCommitSignal(OutboxSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
