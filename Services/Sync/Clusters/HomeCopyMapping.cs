using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Writes an owned entity from its own change event, property by name, for the read-only copy of
/// an entity homed in another cluster. Setters are used whatever their visibility (entities keep
/// their state transitions private; a copy is not a transition, it is the home's result). Enum
/// values arrive as strings; collections are copied element by element the same way. Entity
/// properties the event does not carry (an account's password hash) keep what they had, and
/// read-only ones are derived. Checked once per entity type, so a mismatch fails at start-up.
/// </summary>
internal sealed class HomeCopyMapping
{
    readonly IReadOnlyList<Action<object, object>> copies;

    HomeCopyMapping(IReadOnlyList<Action<object, object>> copies) => this.copies = copies;

    public static HomeCopyMapping For(Type eventType, Type entityType)
    {
        var copies = new List<Action<object, object>>();
        foreach (var source in eventType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var target = entityType.GetProperty(source.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException(
                    $"{eventType.Name}.{source.Name} has no {entityType.Name}.{source.Name} to copy into in the other cluster.");
            var setter = target.GetSetMethod(nonPublic: true);
            if (setter is null)
            {
                continue;
            }
            var convert = Conversion(source.PropertyType, target.PropertyType)
                ?? throw new InvalidOperationException(
                    $"{entityType.Name}.{target.Name} ({target.PropertyType.Name}) cannot take {eventType.Name}.{source.Name} ({source.PropertyType.Name}).");
            var read = Reader(eventType, source);
            var write = Writer(entityType, target.PropertyType, setter);
            copies.Add((change, entity) => write(entity, convert(read(change))));
        }
        return new HomeCopyMapping(copies);
    }

    /// <summary>The property's getter compiled once (this runs per event on the cross-cluster path).</summary>
    static Func<object, object?> Reader(Type eventType, PropertyInfo source)
    {
        var change = Expression.Parameter(typeof(object), "change");
        var value = Expression.Convert(Expression.Property(Expression.Convert(change, eventType), source), typeof(object));
        return Expression.Lambda<Func<object, object?>>(value, change).Compile();
    }

    /// <summary>The setter compiled once, whatever its visibility; null stores the type's default, as reflection would.</summary>
    static Action<object, object?> Writer(Type entityType, Type propertyType, MethodInfo setter)
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var typed = Expression.Condition(
            Expression.Equal(value, Expression.Constant(null)), Expression.Default(propertyType), Expression.Convert(value, propertyType));
        var call = Expression.Call(Expression.Convert(entity, entityType), setter, typed);
        return Expression.Lambda<Action<object, object?>>(call, entity, value).Compile();
    }

    public void CopyInto(object change, object entity)
    {
        foreach (var copy in copies)
        {
            copy(change, entity);
        }
    }

    static Func<object?, object?>? Conversion(Type from, Type to)
    {
        if (to.IsAssignableFrom(from))
        {
            return value => value;
        }
        var enumType = Nullable.GetUnderlyingType(to) ?? to;
        if (from == typeof(string) && enumType.IsEnum)
        {
            return value => value is string name ? Enum.Parse(enumType, name) : null;
        }
        if (ElementType(from) is { } fromElement && to.IsGenericType && to.GetGenericTypeDefinition() == typeof(List<>))
        {
            var toElement = to.GetGenericArguments()[0];
            var element = Element(fromElement, toElement);
            return value =>
            {
                var list = (IList)Activator.CreateInstance(to)!;
                foreach (var item in (IEnumerable?)value ?? Array.Empty<object>())
                {
                    list.Add(element(item));
                }
                return list;
            };
        }
        return null;
    }

    /// <summary>A collection element (an order line) built from its snapshot by name, like the entity itself.</summary>
    static Func<object?, object?> Element(Type from, Type to)
    {
        if (to.IsAssignableFrom(from))
        {
            return value => value;
        }
        var mapping = For(from, to);
        return value =>
        {
            if (value is null)
            {
                return null;
            }
            var element = Activator.CreateInstance(to, nonPublic: true)!;
            mapping.CopyInto(value, element);
            return element;
        };
    }

    static Type? ElementType(Type type) =>
        type == typeof(string)
            ? null
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];
}
