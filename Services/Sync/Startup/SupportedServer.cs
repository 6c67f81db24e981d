using System.Globalization;
using System.Text.RegularExpressions;

namespace FoodDelivery.Sync.Startup;

/// <summary>
/// A server the engine relies on and the versions it supports: from the oldest release we run and test (local mode
/// and CI) through every release of the newest major the deployment output ships. Outside that range the engine
/// refuses the server with one sentence that says what it found and what it needs (docs/sync-engine.md lists the features
/// behind the range, under "Broker and database versions").
/// </summary>
internal sealed partial class SupportedServer
{
    readonly Func<string, Version?> parse;

    SupportedServer(string product, Version oldest, int newestMajor, Func<string, Version?> parse)
    {
        Product = product;
        Oldest = oldest;
        NewestMajor = newestMajor;
        this.parse = parse;
    }

    /// <summary>
    /// RabbitMQ 3.10 (local mode and CI run 3.10.8; quorum queues' at-least-once dead-lettering, which the queues
    /// ask for, arrived in 3.10) up to 4.x (the Kubernetes output ships 4.3). Read from the <c>version</c> the broker
    /// announces in the AMQP connection's server properties.
    /// </summary>
    public static SupportedServer RabbitMq { get; } = new("RabbitMQ", new Version(3, 10), 4, ParseDotted);

    /// <summary>
    /// PostgreSQL 15 (local mode and CI) up to 18 (the Kubernetes output ships 18.3). Read from
    /// <c>server_version_num</c> (e.g. 150008 for 15.8).
    /// </summary>
    public static SupportedServer PostgreSql { get; } = new("PostgreSQL", new Version(15, 0), 18, ParseVersionNum);

    public string Product { get; }

    public Version Oldest { get; }

    public int NewestMajor { get; }

    /// <summary>The range in words: "RabbitMQ 3.10 up to 4.x", "PostgreSQL 15 up to 18.x".</summary>
    public string Range => $"{Product} {(Oldest.Minor == 0 ? Oldest.Major : Oldest.ToString(2))} up to {NewestMajor}.x";

    /// <summary>Null when the version the server announced is in the range; otherwise the refusal, in one sentence.</summary>
    public string? Refusal(string? announced)
    {
        if (string.IsNullOrWhiteSpace(announced))
        {
            return $"{Product} announced no version; this service supports {Range} and refuses a server it cannot place in that range.";
        }
        if (parse(announced.Trim()) is not { } version)
        {
            return $"{Product} announced version '{announced}', which this service cannot read; it supports {Range} and refuses a server it cannot place in that range.";
        }
        return version < Oldest || version.Major > NewestMajor
            ? $"{Product} {version.Major}.{version.Minor} (announced as '{announced}') is not supported: this service supports {Range}. Run a version in that range."
            : null;
    }

    /// <summary>"3.10.8", "4.1.0-rc.1", "4.0.5+2.g1234": the leading major.minor.</summary>
    static Version? ParseDotted(string text) =>
        LeadingVersion().Match(text) is { Success: true } match
        && int.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
        && int.TryParse(match.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;

    /// <summary><c>server_version_num</c>: major * 10000 + minor since PostgreSQL 10 (150008 is 15.8), major * 10000 + minor * 100 + patch before (90624 is 9.6).</summary>
    static Version? ParseVersionNum(string text) =>
        !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 10_000 ? null
        : number >= 100_000 ? new Version(number / 10_000, number % 10_000)
        : new Version(number / 10_000, number / 100 % 100);

    [GeneratedRegex(@"^(?<major>\d{1,4})\.(?<minor>\d{1,4})(?![\d])")]
    private static partial Regex LeadingVersion();
}
