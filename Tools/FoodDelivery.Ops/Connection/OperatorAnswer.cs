using System.Net;

namespace FoodDelivery.Ops.Connection;

/// <summary>
/// What one service answered (or why it did not): the status and body as they came, the services it could not ask
/// itself (<c>Sync-Unreachable</c>) and, for the dead-letter list, how many letters wait in all.
/// </summary>
internal sealed record OperatorAnswer(
    string Service, HttpStatusCode? Status, string Body, IReadOnlyList<string> Unreachable, long? Total, string? Failure)
{
    /// <summary>A 2xx answer: the body is what was asked for.</summary>
    public bool Succeeded => Status is { } status && (int)status is >= 200 and < 300;

    public static OperatorAnswer NotReached(string service, string why) => new(service, null, "", [], null, why);

    /// <summary>What this answer alone means for the exit code (before the verb looks at what the body says).</summary>
    public int ExitCode => Status switch
    {
        null => ExitCodes.Unreachable,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorised,
        // An owner the service asked (a rebuild, a convergence check) could not be read, or a proxy found nobody behind it.
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => ExitCodes.Unreachable,
        _ when !Succeeded => ExitCodes.Refused,
        _ when Unreachable.Count > 0 => ExitCodes.Unreachable,
        _ => ExitCodes.Ok,
    };

    /// <summary>One line for a person when the answer is not the one asked for; null when it is.</summary>
    public string? Problem => Status switch
    {
        null => $"{Service} could not be reached: {Failure}",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"{Service} refused the key ({(int)Status}): {FoodDelivery.Contracts.OperatorProblem.Describe(Body)}",
        _ when !Succeeded => $"{Service} answered {(int)Status}: {FoodDelivery.Contracts.OperatorProblem.Describe(Body)}",
        _ => null,
    };
}
