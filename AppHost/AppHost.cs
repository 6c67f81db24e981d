using FoodDelivery.AppHost;
using FoodDelivery.AppHost.Clusters;
using FoodDelivery.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// One set of credentials and keys, shared by every cluster.
var parameters = builder.AddSyncParameters();
var clusters = ClusterLayout.From(builder).Select(cluster => builder.AddSyncInfrastructure(cluster, parameters)).ToList();
// Accounts signs access tokens with it and every service checks them with it.
var tokenSigningKey = builder.AddParameter(
    "jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

foreach (var infrastructure in clusters)
{
    builder.AddService<Projects.Accounts>("accounts", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Restaurants>("restaurants", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Menu>("menu", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Orders>("orders", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Payments>("payments", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Delivery>("delivery", infrastructure, tokenSigningKey);
    builder.AddService<Projects.Reviews>("reviews", infrastructure, tokenSigningKey);
}

builder.PrintServiceUrlsWhenReady();
builder.Build().Run();
