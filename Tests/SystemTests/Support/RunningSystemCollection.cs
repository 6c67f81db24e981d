namespace FoodDelivery.SystemTests;

[CollectionDefinition(nameof(RunningSystem))]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>;
