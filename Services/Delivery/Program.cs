using FoodDelivery.Delivery.Api;
using FoodDelivery.Delivery.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddServiceDatabase<DeliveryDb>("deliverydb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCouriers();
app.MapDeliveries();
app.Run();
