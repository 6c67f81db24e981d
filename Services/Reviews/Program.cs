using FoodDelivery.AccountGate;
using FoodDelivery.Contracts;
using FoodDelivery.Reviews.Api;
using FoodDelivery.Reviews.Data;
using FoodDelivery.Reviews.Domain;
using FoodDelivery.Reviews.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.AddSync<ReviewsDb>("reviewsdb", sync => sync
    .Publishes<Review, ReviewChanged>(ReviewEvents.Changed)
    .Replicates<AccountChanged, AccountReplica>()
    .Replicates<OrderChanged, OrderReplica>());
builder.Services.AddAccountGate<ReviewsDb>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<ReviewsDb>();
app.MapReviews();
app.Run();
