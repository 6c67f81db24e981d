namespace FoodDelivery.Sync;

/// <summary>Settings of the sync engine (configuration section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Names this service's queue and is the <c>app_id</c> of what it publishes.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>
    /// The operator key the repair endpoints (<c>/sync/*</c>) demand in the <c>X-Sync-Admin-Key</c>
    /// header; the AppHost passes a generated secret. Without one the endpoints refuse everyone.
    /// </summary>
    public string AdminKey { get; set; } = "";

    /// <summary>The fanout exchange every change event goes through.</summary>
    public string Exchange { get; set; } = "fooddelivery.changes";

    /// <summary>The direct exchange that routes each service's dead letters to its own queue.</summary>
    public string DeadLetterExchange { get; set; } = "fooddelivery.dead-letters";

    /// <summary>Unacknowledged deliveries a consumer holds at once.</summary>
    public ushort Prefetch { get; set; } = 32;

    /// <summary>
    /// Deliveries applied at the same time. Safe because every apply is version-guarded, so the
    /// order in which two versions of one entity land does not change the result.
    /// </summary>
    public ushort ConsumerConcurrency { get; set; } = 4;

    /// <summary>After this many deliveries the broker dead-letters a message (a crash loop's poison).</summary>
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>How often the relay looks for pending rows when nobody woke it.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int RelayBatchSize { get; set; } = 200;

    /// <summary>Sent outbox rows are kept this long (for inspection), then pruned.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Inbox rows (processed message ids) are kept this long. A redelivery older than this is
    /// still harmless: the version guard refuses it.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Attempts at a handler that fails for a reason that is not transient, before dead-lettering.</summary>
    public int HandlerAttempts { get; set; } = 3;

    /// <summary>The longest pause between retries while the database or broker is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
