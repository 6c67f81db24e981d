namespace FoodDelivery.Contracts;

/// <summary>
/// An operator answer (Where is ...?, the convergence check) that stands although some services could not be asked:
/// still 200, the body has a row per such service with why, and this header names them, so a client that shows only a
/// status line (a dashboard command, a script) says the answer is partial without reading the body.
/// </summary>
public static class PartialAnswer
{
    public const string UnreachableHeader = "Sync-Unreachable";

    /// <summary>The status line for a partial answer: empty when every service answered.</summary>
    public static string Describe(IEnumerable<string> unreachable)
    {
        var names = unreachable.ToList();
        return names.Count == 0 ? ""
            : $" Partial: {string.Join(", ", names)} could not be reached (see {(names.Count == 1 ? "its row" : "their rows")}).";
    }
}
