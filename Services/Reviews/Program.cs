using FoodDelivery.Contracts;
using FoodDelivery.Reviews.Api;
using FoodDelivery.Reviews.Data;
using FoodDelivery.Reviews.Domain;
using FoodDelivery.Reviews.Sync;
using FoodDelivery.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.AddSync<ReviewsDb>("reviewsdb", sync => sync
    .Publishes<Review, ReviewChanged>(ReviewEvents.Changed)
    .Replicates<AccountChanged, AccountReplica>()
    .Replicates<OrderChanged, OrderReplica>());
builder.Services.AddAccountStanding<ReviewsDb, AccountReplica>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<ReviewsDb>();
app.MapReviews();
app.Run();
