namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Rows the relay has published and not yet marked sent; <see cref="Confirmed"/> completes with the time
/// the broker had confirmed all of them, or fails if it refused or lost any.
/// </summary>
sealed record RelayBatch(long[] Sequences, Task<DateTimeOffset> Confirmed);
