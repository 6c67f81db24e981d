using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Hosting.Services;

// The composition: clusters, their servers, and each service with its database, the broker and the owners it
// replicates from. How each piece is made lives in Hosting/FoodDelivery.Hosting (its README says what each call does).
var builder = DistributedApplication.CreateBuilder(args);

// The clusters: one, or two (east and west, Clusters:Count=2) whose brokers federate. Every cluster has credentials
// and operator keys of its own: what one cluster holds opens nothing in the other.
var layout = ClusterLayout.From(builder);
var parameters = builder.AddSyncParameters(layout);

// The servers of each cluster: the broker (messaging) and PostgreSQL (postgres), as containers or local processes
// (Infrastructure:Mode), over TLS but for containers in run mode, with the broker's users, exchanges and queues from ServiceCatalogue.
var clusters = layout.Select(cluster => builder.AddSyncInfrastructure(cluster, parameters)).ToList();

// Accounts alone derives its ES256 token-signing key from it; every other service validates with
// the public key from accounts' key set, so none of them can mint a token. The one secret both clusters
// share: a token from either cluster's accounts is accepted in both (a client signs in at its home cluster
// and uses the token anywhere), and each cluster checks tokens against its own accounts' key set.
var tokenSigningKey = builder.AddParameter(
    "jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

// The services of each cluster: each with its own database and login, its own broker user, started once both are
// healthy, with the dashboard's sync, operator and repair commands.
foreach (var infrastructure in clusters)
{
    builder.AddService<Projects.Accounts>("accounts", infrastructure).WithEnvironment("Jwt__SigningKey", tokenSigningKey);
    builder.AddService<Projects.Restaurants>("restaurants", infrastructure);
    builder.AddService<Projects.Menu>("menu", infrastructure);
    builder.AddService<Projects.Orders>("orders", infrastructure);
    builder.AddService<Projects.Payments>("payments", infrastructure);
    builder.AddService<Projects.Delivery>("delivery", infrastructure);
    builder.AddService<Projects.Reviews>("reviews", infrastructure);
    // Who replicates from whom, as ServiceCatalogue says: the dashboard's Graph view draws it.
    infrastructure.WithReplicationRelationships();
}

// Run mode only: clients come through loopback, "Where is ...?" links to the dashboard's traces, and the console
// lists every service's address once all are healthy.
builder.TrustLoopbackProxies();
builder.LinkTracesToDashboard();
builder.PrintServiceUrlsWhenReady();
builder.Build().Run();
