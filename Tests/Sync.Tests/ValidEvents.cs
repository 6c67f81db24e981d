using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests;

/// <summary>One event of each contract as its owner publishes it; tests break one field at a time with <c>with</c>.</summary>
public static class ValidEvents
{
    static readonly Guid Someone = Guid.Parse("0197a3c1-0000-7000-8000-000000000001");
    static readonly Guid Restaurant = Guid.Parse("0197a3c1-0000-7000-8000-000000000002");
    static readonly Guid Order = Guid.Parse("0197a3c1-0000-7000-8000-000000000003");
    static readonly Guid Item = Guid.Parse("0197a3c1-0000-7000-8000-000000000004");

    public static AccountChanged Account() =>
        new(Guid.NewGuid(), 1, false, "ada@example.com", "Ada", nameof(AccountRole.Customer), nameof(AccountStatus.Active));

    public static RestaurantChanged RestaurantChanged() =>
        new(Restaurant, 2, false, Someone, "Chez Ada", "1 Main Street", "French", true);

    public static MenuItemChanged MenuItem() =>
        new(Item, 3, false, Restaurant, "Soup", 450, "EUR", true);

    public static OrderChanged OrderChanged() =>
        new(Order, 1, false, Someone, Restaurant, nameof(OrderStatus.Placed), "EUR", 1150, DateTimeOffset.UnixEpoch,
            [new OrderLineSnapshot(Item, "Soup", 450, 2), new OrderLineSnapshot(Guid.NewGuid(), "Bread", 250, 1)]);

    public static PaymentChanged Payment() =>
        new(Guid.NewGuid(), 2, false, Order, 1150, "EUR", nameof(PaymentStatus.Captured), null);

    public static CourierChanged Courier() =>
        new(Someone, 4, false, Available: true, OnDuty: true, CurrentDeliveryId: null, AvailableSince: DateTimeOffset.UnixEpoch);

    public static DeliveryChanged Delivery() =>
        new(Guid.NewGuid(), 2, false, Order, Someone, nameof(DeliveryStatus.Assigned), Restaurant);

    public static ReviewChanged Review() =>
        new(Guid.NewGuid(), 1, false, Order, Someone, Restaurant, 4, "Lovely soup.");

    public static IEnumerable<IChangeEvent> All() =>
        [Account(), RestaurantChanged(), MenuItem(), OrderChanged(), Payment(), Courier(), Delivery(), Review()];
}
