using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Orders.Api;
using FoodDelivery.Orders.Data;
using FoodDelivery.Orders.Domain;
using FoodDelivery.Orders.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddSync<OrdersDb>("ordersdb", sync => sync
    .Publishes<Order, OrderChanged>(OrderEvents.Changed)
    .Replicates<AccountChanged, AccountReplica>()
    .Replicates<RestaurantChanged, RestaurantReplica>()
    .Replicates<MenuItemChanged, MenuItemReplica>()
    .Replicates<PaymentChanged, PaymentReplica, PaymentReaction>()
    .Replicates<DeliveryChanged, DeliveryReplica, DeliveryReaction>()
    .Ensures(PaymentReaction.Invariants)
    .Ensures(DeliveryReaction.Invariants));
builder.Services.AddAccountGate<OrdersDb>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<OrdersDb>();
app.MapOrders();
app.Run();
