namespace FoodDelivery.SystemTests;

[CollectionDefinition(nameof(DashboardSystem))]
public sealed class DashboardSystemCollection : ICollectionFixture<DashboardSystem>;
