using FoodDelivery.AppHost;
using FoodDelivery.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddSyncInfrastructure();

builder.AddService<Projects.Accounts>("accounts", infrastructure);
builder.AddService<Projects.Restaurants>("restaurants", infrastructure);
builder.AddService<Projects.Menu>("menu", infrastructure);
builder.AddService<Projects.Orders>("orders", infrastructure);
builder.AddService<Projects.Payments>("payments", infrastructure);
builder.AddService<Projects.Delivery>("delivery", infrastructure);
builder.AddService<Projects.Reviews>("reviews", infrastructure);

builder.Build().Run();
