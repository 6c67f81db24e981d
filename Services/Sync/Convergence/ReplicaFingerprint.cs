using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// A hash of a replica row's replicated columns (every mapped property but id, version and the
/// deleted flag, which are compared on their own), read through EF's property getters and value
/// converters, so a row mapped from the owner's snapshot and the row stored in the database hash
/// alike exactly when the stored columns hold what the map produces.
/// </summary>
internal sealed class ReplicaFingerprint
{
    static readonly ConcurrentDictionary<(IModel Model, Type Replica), ReplicaFingerprint> Cache = new();
    static readonly HashSet<string> ComparedApart = [nameof(IReplica.Id), nameof(IReplica.Version), nameof(IReplica.Deleted)];

    readonly IReadOnlyList<IProperty> properties;

    ReplicaFingerprint(IReadOnlyList<IProperty> properties) => this.properties = properties;

    public static ReplicaFingerprint For(IModel model, Type replicaType) => Cache.GetOrAdd((model, replicaType), key =>
    {
        var entity = key.Model.FindEntityType(key.Replica)
            ?? throw new InvalidOperationException($"{key.Replica.Name} is not in the DbContext: add a DbSet<{key.Replica.Name}>.");
        return new ReplicaFingerprint(entity.GetProperties()
            .Where(property => !property.IsShadowProperty() && !ComparedApart.Contains(property.Name))
            .OrderBy(property => property.Name, StringComparer.Ordinal)
            .ToList());
    });

    public string Of(object replica)
    {
        var text = new StringBuilder();
        foreach (var property in properties)
        {
            var value = property.GetGetter().GetClrValue(replica);
            var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
            if (converter is not null && value is not null)
            {
                value = converter.ConvertToProvider(value);
            }
            text.Append(property.Name).Append('=').Append(Canonical(value)).Append('\u001f');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>One spelling per value, whatever the database handed back (offsets, precision, trailing zeros).</summary>
    static string Canonical(object? value) => value switch
    {
        null => "\u2400",
        string text => text,
        // PostgreSQL keeps microseconds.
        DateTimeOffset moment => (moment.UtcTicks / 10).ToString(CultureInfo.InvariantCulture),
        DateTime moment => ((moment.Kind == DateTimeKind.Local ? moment.ToUniversalTime() : moment).Ticks / 10).ToString(CultureInfo.InvariantCulture),
        decimal number => (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
