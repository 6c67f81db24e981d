namespace FoodDelivery.Ops;

/// <summary>
/// What the tool's exit code says happened (docs/ops-cli.md lists them). When several services answer differently, the
/// code is the most serious of their outcomes, in the order <see cref="ByGravity"/>.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every service answered, and what they said needs nothing done.</summary>
    public const int Ok = 0;

    /// <summary>Answered, but something needs an operator: not converged, dead letters waiting, a consumer detached or paused.</summary>
    public const int NeedsAttention = 1;

    /// <summary>The command line was wrong (an unknown verb, service or event type, a missing argument or key, no address, no --yes in a script).</summary>
    public const int BadUsage = 2;

    /// <summary>A service could not be reached, or answered that one it asked could not be (a partial answer).</summary>
    public const int Unreachable = 3;

    /// <summary>A service refused the key (401 or 403): wrong key, or the read key where a repair needs the repair key.</summary>
    public const int Unauthorised = 4;

    /// <summary>A service refused the request itself: no such dead letter or entity, an invalid argument, a conflict.</summary>
    public const int Refused = 5;

    /// <summary>The tool itself failed (a bug; the message says where): sysexits' EX_SOFTWARE.</summary>
    public const int Failed = 70;

    static readonly int[] ByGravity = [Failed, BadUsage, Unauthorised, Unreachable, Refused, NeedsAttention, Ok];

    /// <summary>The most serious of several outcomes.</summary>
    public static int Worst(IEnumerable<int> codes) =>
        codes.DefaultIfEmpty(Ok).MinBy(code => Array.IndexOf(ByGravity, code) is var rank and >= 0 ? rank : 0);
}
