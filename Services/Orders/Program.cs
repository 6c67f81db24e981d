using FoodDelivery.Orders.Api;
using FoodDelivery.Orders.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddServiceDatabase<OrdersDb>("ordersdb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOrders();
app.Run();
