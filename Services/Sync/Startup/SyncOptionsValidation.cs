using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Repair;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Sync.Startup;

/// <summary>
/// Checks the <c>Sync</c> settings when the service starts, naming each setting at fault: a zero batch
/// size would spin the relay, a zero prefetch means "unlimited" to the broker, a zero retention prunes
/// everything.
/// </summary>
internal sealed class SyncOptionsValidation : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var failures = new List<string>();
        void Require(bool valid, string setting, string rule, object? value)
        {
            if (!valid)
            {
                failures.Add($"{SyncOptions.Section}:{setting} {rule} (it is {value ?? "unset"}).");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.Cluster), nameof(SyncOptions.Cluster), "must name this service's cluster", options.Cluster);
        Require(options.PeerCluster != options.Cluster, nameof(SyncOptions.PeerCluster), "must differ from Sync:Cluster", options.PeerCluster);
        Require(options.Prefetch >= 1, nameof(SyncOptions.Prefetch), "must be at least 1 (0 would let the broker send without limit)", options.Prefetch);
        Require(options.ConsumerConcurrency >= 1, nameof(SyncOptions.ConsumerConcurrency), "must be at least 1", options.ConsumerConcurrency);
        Require(options.ApplyBatchSize is >= 1 and <= 1000, nameof(SyncOptions.ApplyBatchSize), "must be from 1 to 1000", options.ApplyBatchSize);
        Require(options.RelayBatchSize is >= 1 and <= 10_000, nameof(SyncOptions.RelayBatchSize), "must be from 1 to 10000", options.RelayBatchSize);
        Require(options.RelayPollInterval > TimeSpan.Zero, nameof(SyncOptions.RelayPollInterval), "must be positive", options.RelayPollInterval);
        Require(options.OutboxRetention > TimeSpan.Zero, nameof(SyncOptions.OutboxRetention), "must be positive", options.OutboxRetention);
        Require(options.InboxRetention > TimeSpan.Zero, nameof(SyncOptions.InboxRetention), "must be positive", options.InboxRetention);
        Require(options.HandlerAttempts >= 1, nameof(SyncOptions.HandlerAttempts), "must be at least 1", options.HandlerAttempts);
        Require(options.MaxRetryDelay > TimeSpan.Zero, nameof(SyncOptions.MaxRetryDelay), "must be positive", options.MaxRetryDelay);
        // One value for both keys would hand every reader the repair scope.
        Require(options.ReadKeyDigest.Length == 0 || options.ReadKeyDigest != options.RepairKeyDigest, nameof(SyncOptions.ReadKeyDigest),
            "must differ from Sync:RepairKeyDigest", "equal to it");
        foreach (var (setting, digest) in new[] { (nameof(SyncOptions.ReadKeyDigest), options.ReadKeyDigest), (nameof(SyncOptions.RepairKeyDigest), options.RepairKeyDigest) }
                     .Concat(options.SnapshotReaders.Select(reader => ($"{nameof(SyncOptions.SnapshotReaders)}:{reader.Key}", reader.Value))))
        {
            // A key where its digest belongs would open nothing and hide the mistake until an operator needs it. (Only the
            // length is checked: a deployment's generated placeholder, 64 letters and digits, is no digest and opens nothing.)
            Require(digest.Length is 0 or OperatorKeyDigest.Length, setting,
                "must be a key's SHA-256 in hex (64 characters), not the key itself", "something else");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every setting at fault.</summary>
    public static void ThrowIfInvalid(SyncOptions options)
    {
        var result = new SyncOptionsValidation().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(SyncOptions.Section, typeof(SyncOptions), result.Failures);
        }
    }
}
