using System.Globalization;
using System.Text;

namespace FoodDelivery.Sync.Entities;

/// <summary>"Where is ...?" as Markdown for the dashboard: a line per service, then a line per version each saw.</summary>
internal static class EntityMarkdown
{
    public static string Render(EntityWhereabouts where)
    {
        var owner = where.Copies.FirstOrDefault(copy => copy.IsOwner);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {where.EventType} `{where.Id}`\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Owner **{where.Owner}** holds {Held(owner)}; {(where.Converged ? "every consumer holds the same version."
                : where.Unreachable.Count > 0 ? "**not every service could be asked.**" : "**not every consumer holds it yet.**")}\n\n");

        if (where.Unreachable.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"**Unreachable: {string.Join(", ", where.Unreachable)}**: their rows below say why; every other row is their own answer.\n\n");
        }

        text.Append("| service | role | holds | versions seen | dead letters | note |\n|---|---|---|---|---|---|\n");
        foreach (var copy in where.Copies)
        {
            var seen = copy.IsOwner ? copy.Published.Count : copy.Received.Count;
            text.Append(CultureInfo.InvariantCulture,
                $"| {copy.Service} | {(copy.IsOwner ? "owner" : "consumer")} | {Held(copy)} | {seen} | {copy.DeadLetters.Count} | {Cell(copy.Error ?? Note(copy, owner))} |\n");
        }

        text.Append("\n| service | version | what happened | committed | when | trace |\n|---|---|---|---|---|---|\n");
        foreach (var copy in where.Copies)
        {
            foreach (var published in copy.Published)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {copy.Service} | v{published.Version} | {(published.ConfirmedAt is null ? "committed, not yet confirmed by the broker" : "published (confirmed)")} | {Time(published.CommittedAt)} | {Time(published.ConfirmedAt)} | {Trace(published.TraceId, published.TraceUrl)} |\n");
            }
            foreach (var received in copy.Received)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {copy.Service} | v{received.Version} | {received.Outcome} | {Time(received.CommittedAt)} | {Time(received.HandledAt)} | {Trace(received.TraceId, received.TraceUrl)} |\n");
            }
            foreach (var letter in copy.DeadLetters)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {copy.Service} | v{letter.Version} | dead-lettered: {Cell(letter.Reason)} (message `{letter.MessageId}`) |  | {Time(letter.FirstDiedAt)} |  |\n");
            }
        }
        text.Append(CultureInfo.InvariantCulture,
            $"\nAsked at {Time(where.AskedAt)}. Sent outbox rows and inbox rows are kept for their retention only, so old versions may be missing.\n");
        return text.ToString();
    }

    static string Held(EntityCopy? copy) => copy switch
    {
        null => "nothing",
        { Error: not null } => "(unreachable)",
        { HeldVersion: null } => "nothing",
        { Deleted: true } => $"v{copy.HeldVersion} (deleted)",
        _ => $"v{copy.HeldVersion}",
    };

    static string Note(EntityCopy copy, EntityCopy? owner) =>
        copy.IsOwner || owner?.HeldVersion is not { } latest ? ""
        : copy.HeldVersion == latest ? "up to date"
        : copy.DeadLetters.Count > 0 ? "behind: see its dead letters"
        : "behind: not received yet";

    /// <summary>The trace id, as a link to the trace in the dashboard where its address is known.</summary>
    static string Trace(string? traceId, Uri? url) => traceId switch
    {
        null => "",
        _ when url is not null => $"[`{traceId}`]({url.AbsoluteUri})",
        _ => $"`{traceId}`",
    };

    static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture) ?? "";

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
