using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Api;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.Delivery.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddSync<DeliveryDb>("deliverydb", sync => sync
    .Publishes<Courier, CourierChanged>(DeliveryEvents.Changed)
    .Publishes<CourierDelivery, DeliveryChanged>(DeliveryEvents.Changed)
    .Replicates<AccountChanged, AccountReplica, AccountReaction>()
    .Replicates<RestaurantChanged, RestaurantReplica>()
    .Replicates<OrderChanged, OrderReplica, OrderReaction>()
    .Ensures(AccountReaction.Invariants)
    .Ensures(OrderReaction.Invariants));
builder.Services.AddAccountGate<DeliveryDb>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<DeliveryDb>();
app.MapCouriers();
app.MapDeliveries();
app.Run();
