using System.Globalization;

namespace FoodDelivery.Contracts;

/// <summary>
/// The dead-letter list a page at a time (<c>GET /sync/dead-letters?skip=K&amp;limit=N</c>): the body stays the array of
/// letters, and <see cref="TotalHeader"/> says how many were waiting, so every client (the dashboard, the operator tool, a
/// script) can say "first N of M" the same way.
/// </summary>
public static class DeadLetterPaging
{
    /// <summary>How many letters waited in the dead-letter queue when the page was taken.</summary>
    public const string TotalHeader = "Dead-Letters-Total";

    /// <summary>A page's size when the caller names none.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The path of one page: <paramref name="skip"/> letters passed over, at most <paramref name="limit"/> listed.</summary>
    public static string Page(int skip, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{SyncRoutes.DeadLetters}?skip={skip}&limit={limit}");

    /// <summary>"first 20 of 57 dead letters", "dead letters 21-40 of 57", "no dead letters".</summary>
    public static string Describe(int skip, int shown, long? total)
    {
        var of = total is { } count ? string.Create(CultureInfo.InvariantCulture, $" of {count}") : "";
        return shown == 0
            ? (skip == 0 ? "no dead letters" : string.Create(CultureInfo.InvariantCulture, $"no dead letters after the first {skip}{of}"))
            : skip == 0
                ? string.Create(CultureInfo.InvariantCulture, $"first {shown}{of} dead letters")
                : string.Create(CultureInfo.InvariantCulture, $"dead letters {skip + 1}-{skip + shown}{of}");
    }

    /// <summary>The total a response carries in <see cref="TotalHeader"/>; null when it carries none.</summary>
    public static long? TotalOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(TotalHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
}
