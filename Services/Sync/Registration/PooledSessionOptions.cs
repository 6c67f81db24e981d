using System.Data.Common;

namespace FoodDelivery.Sync.Registration;

/// <summary>
/// Npgsql settings the engine gives the service's pooled sessions (section <c>Sync:Database</c>); a keyword the
/// connection string sets itself wins. The engine's statements are few and fixed, and nothing it runs on a pooled
/// session leaves state behind for the next user (advisory locks and settings are transaction-scoped or undone
/// where they are taken), so the reset on every return to the pool (<c>DISCARD ALL</c>, or its longer form once
/// statements are prepared) is pure cost, and preparing the statements that repeat saves their parse and plan.
/// </summary>
internal sealed class PooledSessionOptions
{
    public const string Section = "Sync:Database";

    /// <summary>Skip the reset when a session returns to the pool. An open transaction is still rolled back.</summary>
    public bool NoResetOnClose { get; set; } = true;

    /// <summary>Statements prepared automatically per session; 0 turns automatic preparation off.</summary>
    public int MaxAutoPrepare { get; set; } = 32;

    /// <summary>How often a statement runs on a session before it is prepared there.</summary>
    public int AutoPrepareMinUsages { get; set; } = 2;

    /// <summary><paramref name="connectionString"/> with these settings wherever it does not set them itself.</summary>
    public string? Apply(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }
        // The base builder keeps only the keywords present (Npgsql's own answers for every keyword it knows).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var present = given.Keys.Cast<string>().Select(Normalized).ToHashSet(StringComparer.Ordinal);
        AddUnlessPresent(given, present, "No Reset On Close", NoResetOnClose ? "true" : "false");
        AddUnlessPresent(given, present, "Max Auto Prepare", MaxAutoPrepare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddUnlessPresent(given, present, "Auto Prepare Min Usages", AutoPrepareMinUsages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return given.ConnectionString;
    }

    static void AddUnlessPresent(DbConnectionStringBuilder builder, HashSet<string> present, string keyword, string value)
    {
        if (!present.Contains(Normalized(keyword)))
        {
            builder[keyword] = value;
        }
    }

    // "No Reset On Close" and "NoResetOnClose" are the same keyword to Npgsql.
    static string Normalized(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
