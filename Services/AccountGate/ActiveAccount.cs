using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Http;

namespace FoodDelivery.AccountGate;

/// <summary>
/// The caller's account as the gate (<see cref="AccountGateExtensions.RequireActiveAccount{TBuilder}"/>) found it:
/// known here, not deleted, active, and of the role the endpoint asked for. A handler that needs the caller's
/// account takes it as a parameter instead of reading the row again.
/// </summary>
public sealed record ActiveAccount(Guid Id, AccountRole Role)
{
    // Minimal APIs bind parameters before endpoint filters run, so binding yields this stand-in and the gate's
    // filter replaces it with the account it found; an endpoint without the gate is a mistake, refused here.
    static readonly ActiveAccount NotYetFound = new(Guid.Empty, default);

    public static ValueTask<ActiveAccount?> BindAsync(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ActiveAccountFilter>() is not null
            ? ValueTask.FromResult<ActiveAccount?>(NotYetFound)
            : throw new InvalidOperationException(
                $"{context.GetEndpoint()?.DisplayName} takes an {nameof(ActiveAccount)} but does not call {nameof(AccountGateExtensions.RequireActiveAccount)}().");
}
