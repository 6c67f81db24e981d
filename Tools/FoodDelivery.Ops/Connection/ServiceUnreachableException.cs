namespace FoodDelivery.Ops.Connection;

/// <summary>A service's management port could not be reached at all (no tunnel): its answer is "unreachable, because ...".</summary>
internal sealed class ServiceUnreachableException(string service, string why) : Exception($"{service}: {why}")
{
    public string Service { get; } = service;
    public string Why { get; } = why;
}
