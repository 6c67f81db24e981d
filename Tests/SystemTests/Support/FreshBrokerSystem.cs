namespace FoodDelivery.SystemTests;

/// <summary>
/// A running AppHost whose broker no earlier test has restarted or filled, for tests of the broker's own dead-lettering.
/// In the isolated collection, after its earlier tests, RabbitMQ 3.10 did not dead-letter a message expiring in orders'
/// quorum queue within two minutes (two runs, 2026-12-04); on a fresh system it does so at once. The cause is not found yet.
/// </summary>
public sealed class FreshBrokerSystem : RunningSystem;
