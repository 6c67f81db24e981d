namespace FoodDelivery.ServiceDefaults;

/// <summary>A service's copy of an account (its replica of accounts): enough to tell whether it may act.</summary>
public interface IAccountRow
{
    Guid Id { get; }

    string Role { get; }

    /// <summary>An <c>AccountStatus</c> name: <c>Active</c> or <c>Suspended</c>.</summary>
    string Status { get; }

    bool Deleted { get; }
}
