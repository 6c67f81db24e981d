using FoodDelivery.Payments.Api;
using FoodDelivery.Payments.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only sees request types in the compilation that calls
// AddValidation, so this project calls it too (ServiceDefaults' call cannot see them).
builder.Services.AddValidation();
builder.AddServiceDatabase<PaymentsDb>("paymentsdb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPayments();
app.Run();
