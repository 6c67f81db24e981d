using System.Linq.Expressions;
using System.Reflection;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The default event-to-replica copy: every settable replica property from the event property of
/// the same name (a word into the owner's enum), compiled once. A replica property the event lacks is a mistake caught at start-up.
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
            var value = Copy(Expression.Property(change, source), target.PropertyType)
                ?? throw new InvalidOperationException(
                    $"{typeof(TReplica).Name}.{target.Name} ({target.PropertyType.Name}) cannot take {typeof(TEvent).Name}.{target.Name} ({source.PropertyType.Name}).");
            bindings.Add(Expression.Bind(target, value));
        }
        var constructor = typeof(TReplica).GetConstructor(Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{typeof(TReplica).Name} needs a parameterless constructor for the by-name mapping.");
        return Expression.Lambda<Func<TEvent, TReplica>>(Expression.MemberInit(Expression.New(constructor), bindings), change).Compile();
    }

    /// <summary>
    /// The event's value as the replica property's type: as it is, or a status or role word parsed into the owner's
    /// enum (events carry names; the event's invariants have already checked the word), so replicas compare typed values.
    /// </summary>
    static Expression? Copy(Expression value, Type to)
    {
        if (to.IsAssignableFrom(value.Type))
        {
            return value;
        }
        var enumType = Nullable.GetUnderlyingType(to) ?? to;
        if (value.Type != typeof(string) || !enumType.IsEnum)
        {
            return null;
        }
        var parse = Expression.Call(typeof(Enum), nameof(Enum.Parse), [enumType], value);
        return Expression.Condition(
            Expression.Equal(value, Expression.Constant(null, typeof(string))),
            Expression.Default(to),
            Expression.Convert(parse, to));
    }
}
