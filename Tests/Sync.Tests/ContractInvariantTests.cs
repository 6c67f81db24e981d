using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests;

public sealed class ContractInvariantTests
{
    public static TheoryData<IChangeEvent> Valid() => [.. ValidEvents.All()];

    [Theory]
    [MemberData(nameof(Valid))]
    public void An_event_as_its_owner_publishes_it_keeps_every_invariant(IChangeEvent change) =>
        Assert.Null(ChangeInvariants.Check(change));

    [Fact]
    public void Every_word_of_the_vocabulary_is_valid()
    {
        foreach (var role in Enum.GetNames<AccountRole>())
        {
            foreach (var status in Enum.GetNames<AccountStatus>())
            {
                Assert.Null(ChangeInvariants.Check(ValidEvents.Account() with { Role = role, Status = status }));
            }
        }
        foreach (var status in Enum.GetNames<OrderStatus>())
        {
            Assert.Null(ChangeInvariants.Check(ValidEvents.OrderChanged() with { Status = status }));
        }
        foreach (var status in Enum.GetNames<PaymentStatus>())
        {
            Assert.Null(ChangeInvariants.Check(ValidEvents.Payment() with { Status = status, FailureReason = "Declined" }));
        }
        foreach (var status in Enum.GetNames<DeliveryStatus>())
        {
            Assert.Null(ChangeInvariants.Check(ValidEvents.Delivery() with { Status = status }));
        }
    }

    /// <summary>Each breach with the reason it must give: the contract, the field, what it is and what it must be.</summary>
    public static TheoryData<IChangeEvent, string> Breaches() => new()
    {
        { ValidEvents.RestaurantChanged() with { Id = Guid.Empty }, "RestaurantChanged.Id is the empty id" },
        { ValidEvents.RestaurantChanged() with { Version = 0 }, "RestaurantChanged.Version is 0; it must be >= 1" },
        { ValidEvents.RestaurantChanged() with { Version = -5 }, "RestaurantChanged.Version is -5; it must be >= 1" },

        { ValidEvents.Account() with { Email = "" }, "AccountChanged.Email is empty; it must have text" },
        { ValidEvents.Account() with { DisplayName = "  " }, "AccountChanged.DisplayName is empty; it must have text" },
        { ValidEvents.Account() with { Role = "Admin" }, "AccountChanged.Role is 'Admin'; it must be one of Customer, RestaurantOwner, Courier" },
        { ValidEvents.Account() with { Role = "customer" }, "AccountChanged.Role is 'customer'; it must be one of" },
        { ValidEvents.Account() with { Status = "Banned" }, "AccountChanged.Status is 'Banned'; it must be one of Active, Suspended" },

        { ValidEvents.RestaurantChanged() with { OwnerId = Guid.Empty }, "RestaurantChanged.OwnerId is the empty id" },
        { ValidEvents.RestaurantChanged() with { Name = "" }, "RestaurantChanged.Name is empty; it must have text" },
        { ValidEvents.RestaurantChanged() with { Address = "" }, "RestaurantChanged.Address is empty" },
        { ValidEvents.RestaurantChanged() with { Cuisine = "" }, "RestaurantChanged.Cuisine is empty" },

        { ValidEvents.MenuItem() with { RestaurantId = Guid.Empty }, "MenuItemChanged.RestaurantId is the empty id" },
        { ValidEvents.MenuItem() with { Name = "" }, "MenuItemChanged.Name is empty" },
        { ValidEvents.MenuItem() with { PriceMinor = -1 }, "MenuItemChanged.PriceMinor is -1; it must be >= 0" },
        { ValidEvents.MenuItem() with { Currency = "eur" }, "MenuItemChanged.Currency is 'eur'; it must be a 3-letter upper-case currency code (ISO 4217)" },
        { ValidEvents.MenuItem() with { Currency = "EURO" }, "MenuItemChanged.Currency is 'EURO'" },
        { ValidEvents.MenuItem() with { Currency = "ÉUR" }, "MenuItemChanged.Currency is 'ÉUR'" },

        { ValidEvents.OrderChanged() with { CustomerId = Guid.Empty }, "OrderChanged.CustomerId is the empty id" },
        { ValidEvents.OrderChanged() with { RestaurantId = Guid.Empty }, "OrderChanged.RestaurantId is the empty id" },
        { ValidEvents.OrderChanged() with { Status = "Shipped" }, "OrderChanged.Status is 'Shipped'; it must be one of Placed, Paid, PaymentFailed, OutForDelivery, Delivered, Cancelled" },
        { ValidEvents.OrderChanged() with { Status = "1" }, "OrderChanged.Status is '1'; it must be one of" },
        { ValidEvents.OrderChanged() with { Status = "Placed, Paid" }, "OrderChanged.Status is 'Placed, Paid'" },
        { ValidEvents.OrderChanged() with { Currency = "" }, "OrderChanged.Currency is ''" },
        { ValidEvents.OrderChanged() with { TotalMinor = -5 }, "OrderChanged.TotalMinor is -5; it must be >= 0" },
        { ValidEvents.OrderChanged() with { TotalMinor = 1000 }, "OrderChanged.TotalMinor is 1000; it must be the sum of the lines, 1150" },
        { ValidEvents.OrderChanged() with { Lines = [] }, "OrderChanged.Lines is empty; an order has at least one line" },
        { ValidEvents.OrderChanged() with { Lines = [null!] }, "OrderChanged.Lines[0] is missing" },
        { WithLine(line => line with { MenuItemId = Guid.Empty }), "OrderChanged.Lines[1].MenuItemId is the empty id" },
        { WithLine(line => line with { Name = "" }), "OrderChanged.Lines[1].Name is empty" },
        { WithLine(line => line with { UnitPriceMinor = -250 }), "OrderChanged.Lines[1].UnitPriceMinor is -250; it must be >= 0" },
        { WithLine(line => line with { Quantity = 0 }), "OrderChanged.Lines[1].Quantity is 0; it must be >= 1" },
        {
            ValidEvents.OrderChanged() with { TotalMinor = long.MaxValue, Lines = [new OrderLineSnapshot(Guid.NewGuid(), "Gold", long.MaxValue / 2, 3)] },
            "OrderChanged.Lines add up beyond a 64-bit total"
        },

        { ValidEvents.Payment() with { OrderId = Guid.Empty }, "PaymentChanged.OrderId is the empty id" },
        { ValidEvents.Payment() with { AmountMinor = -5 }, "invalid-event: PaymentChanged.AmountMinor is -5; it must be >= 0" },
        { ValidEvents.Payment() with { Currency = "US" }, "PaymentChanged.Currency is 'US'" },
        { ValidEvents.Payment() with { Status = "Paid" }, "PaymentChanged.Status is 'Paid'; it must be one of Authorised, Captured, Refunded, Failed" },
        { ValidEvents.Payment() with { Status = nameof(PaymentStatus.Failed), FailureReason = null }, "PaymentChanged.FailureReason is empty; a Failed payment says why" },

        { ValidEvents.Courier() with { CurrentDeliveryId = Guid.Empty, Available = false, AvailableSince = null }, "CourierChanged.CurrentDeliveryId is the empty id" },
        { ValidEvents.Courier() with { AvailableSince = null }, "CourierChanged.AvailableSince is missing; an available courier is available since a time" },
        { ValidEvents.Courier() with { Available = false }, "CourierChanged.AvailableSince is set; an unavailable courier has none" },
        { ValidEvents.Courier() with { OnDuty = false }, "CourierChanged.Available is true; only a courier on duty and carrying no delivery is available" },
        { ValidEvents.Courier() with { CurrentDeliveryId = Guid.NewGuid() }, "CourierChanged.Available is true; only a courier on duty and carrying no delivery is available" },

        { ValidEvents.Delivery() with { OrderId = Guid.Empty }, "DeliveryChanged.OrderId is the empty id" },
        { ValidEvents.Delivery() with { RestaurantId = Guid.Empty }, "DeliveryChanged.RestaurantId is the empty id" },
        { ValidEvents.Delivery() with { CourierId = Guid.Empty }, "DeliveryChanged.CourierId is the empty id" },
        { ValidEvents.Delivery() with { Status = "Lost" }, "DeliveryChanged.Status is 'Lost'; it must be one of Waiting, Assigned, PickedUp, Delivered, Cancelled" },
        { ValidEvents.Delivery() with { CourierId = null, Status = nameof(DeliveryStatus.PickedUp) }, "DeliveryChanged.CourierId is missing; a delivery that is PickedUp has a courier" },

        { ValidEvents.Review() with { OrderId = Guid.Empty }, "ReviewChanged.OrderId is the empty id" },
        { ValidEvents.Review() with { CustomerId = Guid.Empty }, "ReviewChanged.CustomerId is the empty id" },
        { ValidEvents.Review() with { RestaurantId = Guid.Empty }, "ReviewChanged.RestaurantId is the empty id" },
        { ValidEvents.Review() with { Stars = 0 }, "ReviewChanged.Stars is 0; it must be from 1 to 5" },
        { ValidEvents.Review() with { Stars = 6 }, "ReviewChanged.Stars is 6; it must be from 1 to 5" },
        { ValidEvents.Review() with { Text = new string('x', 2001) }, "ReviewChanged.Text has 2001 characters; it must have at most 2000" },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void A_breach_is_refused_with_its_reason(IChangeEvent change, string reason)
    {
        var refused = ChangeInvariants.Check(change);
        Assert.NotNull(refused);
        Assert.StartsWith("invalid-event: ", refused, StringComparison.Ordinal);
        Assert.Contains(reason, refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tombstone_carries_the_last_state_and_keeps_the_same_invariants()
    {
        Assert.Null(ChangeInvariants.Check(ValidEvents.RestaurantChanged() with { Deleted = true, Version = 5 }));
        Assert.NotNull(ChangeInvariants.Check(ValidEvents.RestaurantChanged() with { Deleted = true, Name = "" }));
    }

    [Fact]
    public void Optional_fields_may_be_absent_where_the_owner_leaves_them_so()
    {
        Assert.Null(ChangeInvariants.Check(ValidEvents.Delivery() with { CourierId = null, Status = nameof(DeliveryStatus.Waiting) }));
        Assert.Null(ChangeInvariants.Check(ValidEvents.Courier() with { Available = false, AvailableSince = null, OnDuty = false }));
        Assert.Null(ChangeInvariants.Check(ValidEvents.Review() with { Text = "" }));
        Assert.Null(ChangeInvariants.Check(ValidEvents.MenuItem() with { PriceMinor = 0 }));
    }

    [Fact]
    public void Every_breach_is_reported_and_free_text_is_never_quoted()
    {
        var reason = ChangeInvariants.Check(ValidEvents.Account() with { Email = "secret@example.com", DisplayName = "", Role = "Root" })!;
        Assert.Contains("AccountChanged.DisplayName is empty", reason, StringComparison.Ordinal);
        Assert.Contains("AccountChanged.Role is 'Root'", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret@example.com", reason, StringComparison.Ordinal);

        var longWord = ChangeInvariants.Check(ValidEvents.OrderChanged() with { Status = new string('s', 500) })!;
        Assert.True(longWord.Length < 300, "a refused word is quoted in part only");
    }

    static OrderChanged WithLine(Func<OrderLineSnapshot, OrderLineSnapshot> change)
    {
        var order = ValidEvents.OrderChanged();
        return order with { Lines = [order.Lines[0], change(order.Lines[1])] };
    }
}
