namespace FoodDelivery.SystemTests.TwoClusters;

[CollectionDefinition(nameof(TwoClusterSystem))]
public sealed class TwoClusterCollection : ICollectionFixture<TwoClusterSystem>;
