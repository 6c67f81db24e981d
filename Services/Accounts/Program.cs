using FoodDelivery.Accounts.Api;
using FoodDelivery.Accounts.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.AddServiceDatabase<AccountsDb>("accountsdb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAccounts();
app.Run();
