using System.Linq.Expressions;
using System.Reflection;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The default event-to-replica copy: every settable replica property from the event property of
/// the same name, compiled once. A replica property the event lacks is a mistake caught at start-up.
/// </summary>
internal static class ReplicaMapping
{
    public static Func<TEvent, TReplica> ByName<TEvent, TReplica>() where TReplica : class
    {
        var change = Expression.Parameter(typeof(TEvent), "change");
        var bindings = new List<MemberBinding>();
        foreach (var target in typeof(TReplica).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var source = typeof(TEvent).GetProperty(target.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException(
                    $"{typeof(TReplica).Name}.{target.Name} has no {typeof(TEvent).Name}.{target.Name} to copy from: pass a mapping to Replicates().");
            if (!target.PropertyType.IsAssignableFrom(source.PropertyType))
            {
                throw new InvalidOperationException(
                    $"{typeof(TReplica).Name}.{target.Name} ({target.PropertyType.Name}) cannot take {typeof(TEvent).Name}.{target.Name} ({source.PropertyType.Name}).");
            }
            bindings.Add(Expression.Bind(target, Expression.Property(change, source)));
        }
        var constructor = typeof(TReplica).GetConstructor(Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{typeof(TReplica).Name} needs a parameterless constructor for the by-name mapping.");
        return Expression.Lambda<Func<TEvent, TReplica>>(Expression.MemberInit(Expression.New(constructor), bindings), change).Compile();
    }
}
