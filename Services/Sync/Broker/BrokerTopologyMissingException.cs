namespace FoodDelivery.Sync.Broker;

/// <summary>An exchange or queue this service needs is not on the broker: the infrastructure has not declared it.</summary>
internal sealed class BrokerTopologyMissingException(string message, Exception inner) : Exception(message, inner);
