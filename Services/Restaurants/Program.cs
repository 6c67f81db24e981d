using FoodDelivery.Restaurants.Api;
using FoodDelivery.Restaurants.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation generator only sees request types of the calling project.
builder.Services.AddValidation();
builder.AddServiceDatabase<RestaurantsDb>("restaurantsdb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRestaurants();
app.Run();
