using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>
/// Every few seconds: the outbox backlog and its oldest row from the database, the queue and
/// dead-letter depths from the broker; and, less often, prunes sent outbox rows and old inbox
/// rows past their retention. Health, metrics and the status endpoint read what it found.
/// </summary>
internal sealed partial class SyncMonitor<TDb>(
    IServiceProvider services,
    BrokerConnection broker,
    SyncTopology topology,
    SyncOptions options,
    SyncStatus status,
    TimeProvider time,
    ILogger<SyncMonitor<TDb>> logger) : BackgroundService, ISyncMonitor
    where TDb : SyncDbContext
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPruned = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                if (time.GetUtcNow() - lastPruned > PruneInterval)
                {
                    await PruneAsync(stoppingToken);
                    lastPruned = time.GetUtcNow();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogMonitorFailed(ex.GetType().Name, ex.Message);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            var pending = db.Outbox.Where(message => message.SentAt == null);
            status.OutboxBacklog = await pending.LongCountAsync(ct);
            status.OldestPendingCommittedAt = await pending.MinAsync(message => (DateTimeOffset?)message.CommittedAt, ct);
        }

        var connection = await broker.GetAsync(ct);
        if (connection.IsOpen)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            status.QueueDepth = await channel.MessageCountAsync(topology.Queue, ct);
            status.DeadLetters = await channel.MessageCountAsync(topology.DeadLetterQueue, ct);
        }
    }

    async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var now = time.GetUtcNow();
        var sentBefore = now - options.OutboxRetention;
        var appliedBefore = now - options.InboxRetention;
        await db.Outbox.Where(message => message.SentAt != null && message.SentAt < sentBefore).ExecuteDeleteAsync(ct);
        await db.Inbox.Where(message => message.AppliedAt < appliedBefore).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the sync state ({Error}: {Reason}).")]
    partial void LogMonitorFailed(string error, string reason);
}
