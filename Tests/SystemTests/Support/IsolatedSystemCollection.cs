namespace FoodDelivery.SystemTests;

[CollectionDefinition(nameof(IsolatedSystem))]
public sealed class IsolatedSystemCollection : ICollectionFixture<IsolatedSystem>;
