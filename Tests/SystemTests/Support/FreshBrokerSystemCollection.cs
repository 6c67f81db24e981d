namespace FoodDelivery.SystemTests;

[CollectionDefinition(nameof(FreshBrokerSystem))]
public sealed class FreshBrokerSystemCollection : ICollectionFixture<FreshBrokerSystem>;
