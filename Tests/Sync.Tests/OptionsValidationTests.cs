using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Startup;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Sync.Tests;

/// <summary>The sync settings are checked at start, and a bad one is named with its section.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid() => SyncOptionsValidation.ThrowIfInvalid(new SyncOptions());

    [Theory]
    [InlineData(nameof(SyncOptions.RelayBatchSize), "Sync:RelayBatchSize must be from 1 to 10000 (it is 0).")]
    [InlineData(nameof(SyncOptions.Prefetch), "Sync:Prefetch must be at least 1 (0 would let the broker send without limit) (it is 0).")]
    [InlineData(nameof(SyncOptions.ApplyBatchSize), "Sync:ApplyBatchSize must be from 1 to 1000 (it is 0).")]
    [InlineData(nameof(SyncOptions.ConsumerConcurrency), "Sync:ConsumerConcurrency must be at least 1 (it is 0).")]
    [InlineData(nameof(SyncOptions.HandlerAttempts), "Sync:HandlerAttempts must be at least 1 (it is 0).")]
    public void A_zero_is_refused_naming_the_setting(string setting, string message)
    {
        var options = new SyncOptions();
        var property = typeof(SyncOptions).GetProperty(setting)!;
        property.SetValue(options, Convert.ChangeType(0, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var refused = Assert.Throws<OptionsValidationException>(() => SyncOptionsValidation.ThrowIfInvalid(options));

        Assert.Equal([message], refused.Failures);
    }

    [Fact]
    public void One_value_for_both_operator_keys_is_refused()
    {
        var digest = FoodDelivery.Contracts.OperatorKeys.Digest("same");
        var refused = Assert.Throws<OptionsValidationException>(() =>
            SyncOptionsValidation.ThrowIfInvalid(new SyncOptions { ReadKeyDigest = digest, RepairKeyDigest = digest }));

        Assert.Equal(["Sync:ReadKeyDigest must differ from Sync:RepairKeyDigest (it is equal to it)."], refused.Failures);
    }

    [Fact]
    public void A_key_where_its_digest_belongs_is_refused_without_repeating_it()
    {
        var options = new SyncOptions { RepairKeyDigest = "the-repair-key-itself" };
        options.SnapshotReaders["menu"] = "menu's caller key itself";

        var refused = Assert.Throws<OptionsValidationException>(() => SyncOptionsValidation.ThrowIfInvalid(options));

        Assert.Equal([
            "Sync:RepairKeyDigest must be a key's SHA-256 in hex (64 characters), not the key itself (it is something else).",
            "Sync:SnapshotReaders:menu must be a key's SHA-256 in hex (64 characters), not the key itself (it is something else).",
        ], refused.Failures);
    }

    [Fact]
    public void Every_setting_at_fault_is_named_at_once()
    {
        var options = new SyncOptions { RelayPollInterval = TimeSpan.Zero, InboxRetention = TimeSpan.FromSeconds(-1), Cluster = "east", PeerCluster = "east" };

        var refused = Assert.Throws<OptionsValidationException>(() => SyncOptionsValidation.ThrowIfInvalid(options));

        Assert.Equal(3, refused.Failures.Count());
        Assert.Contains(refused.Failures, failure => failure.StartsWith("Sync:RelayPollInterval", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, failure => failure.StartsWith("Sync:InboxRetention", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, failure => failure.StartsWith("Sync:PeerCluster must differ", StringComparison.Ordinal));
    }
}
