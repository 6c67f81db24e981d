namespace FoodDelivery.Contracts;

/// <summary>
/// The one check a consumer runs on every event before applying it: what every contract has (a
/// non-empty id, a version with a write in an epoch within <see cref="ChangeVersion.MaxEpoch"/>)
/// and what the contract itself states (<see cref="IChangeEvent.CheckInvariants"/>).
/// </summary>
public static class ChangeInvariants
{
    /// <summary>The dead-letter reason (<c>invalid-event: Type.Field is ...; it must be ...</c>), or null for a valid event.</summary>
    public static string? Check(IChangeEvent change)
    {
        var check = new InvariantCheck(change.GetType().Name);
        check.NotEmpty(change.Id, nameof(IChangeEvent.Id));
        ChangeVersion.Check(change.Version, check);
        change.CheckInvariants(check);
        return check.Reason;
    }
}
