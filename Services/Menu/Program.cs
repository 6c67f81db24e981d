using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Menu.Api;
using FoodDelivery.Menu.Data;
using FoodDelivery.Menu.Domain;
using FoodDelivery.Menu.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddSync<MenuDb>("menudb", sync => sync
    .Publishes<MenuItem, MenuItemChanged>(MenuItemEvents.Changed)
    .Replicates<AccountChanged, AccountReplica>()
    .Replicates<RestaurantChanged, RestaurantReplica>());
builder.Services.AddAccountGate<MenuDb>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<MenuDb>();
app.MapMenuItems();
app.Run();
