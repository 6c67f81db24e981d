using FoodDelivery.Contracts;
using FoodDelivery.Payments.Api;
using FoodDelivery.Payments.Data;
using FoodDelivery.Payments.Domain;
using FoodDelivery.Payments.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only sees request types in the compilation that calls
// AddValidation, so this project calls it too (ServiceDefaults' call cannot see them).
builder.Services.AddValidation();
builder.AddSync<PaymentsDb>("paymentsdb", sync => sync
    .Publishes<Payment, PaymentChanged>(PaymentEvents.Changed)
    .Replicates<OrderChanged, OrderReplica, OrderReaction>()
    .Ensures(OrderReaction.Invariants));

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<PaymentsDb>();
app.MapPayments();
app.Run();
