using System.Text.Json.Serialization.Metadata;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Registration;

/// <summary>The AMQP <c>type</c> of each contract and its source-generated JSON shape.</summary>
internal static class ChangeEventTypes
{
    public static string NameOf<TEvent>() where TEvent : IChangeEvent => typeof(TEvent).Name;

    public static JsonTypeInfo<TEvent> JsonTypeInfo<TEvent>() where TEvent : IChangeEvent =>
        ContractsJsonContext.Default.GetTypeInfo(typeof(TEvent)) as JsonTypeInfo<TEvent>
        ?? throw new InvalidOperationException($"{typeof(TEvent).Name} is missing from ContractsJsonContext.");
}
