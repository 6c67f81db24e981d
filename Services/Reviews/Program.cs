using FoodDelivery.Reviews.Api;
using FoodDelivery.Reviews.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.AddServiceDatabase<ReviewsDb>("reviewsdb");

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReviews();
app.Run();
