namespace FoodDelivery.SystemTests;

/// <summary>A second running AppHost for tests that break things (stop the broker, a service, fill dead-letter queues).</summary>
public sealed class IsolatedSystem : RunningSystem;
