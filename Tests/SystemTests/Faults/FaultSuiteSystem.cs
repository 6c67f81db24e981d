namespace FoodDelivery.SystemTests;

/// <summary>
/// The AppHost of the fault suite: broken on purpose (broker, services and databases stopped,
/// connections closed, poison injected), so it runs alone, and every scenario starts and ends converged.
/// </summary>
public sealed class FaultSuiteSystem : RunningSystem;

[CollectionDefinition(nameof(FaultSuiteSystem))]
public sealed class FaultSuiteSystemCollection : ICollectionFixture<FaultSuiteSystem>;
