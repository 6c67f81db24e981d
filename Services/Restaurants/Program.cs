using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Restaurants.Api;
using FoodDelivery.Restaurants.Data;
using FoodDelivery.Restaurants.Domain;
using FoodDelivery.Restaurants.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddSync<RestaurantsDb>("restaurantsdb", sync => sync
    .Publishes<Restaurant, RestaurantChanged>(RestaurantEvents.Changed)
    .Replicates<AccountChanged, AccountReplica>()
    .Replicates<ReviewChanged, ReviewReplica>());
builder.Services.AddAccountGate<RestaurantsDb>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<RestaurantsDb>();
app.MapRestaurants();
app.Run();
