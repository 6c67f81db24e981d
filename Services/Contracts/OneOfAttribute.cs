namespace FoodDelivery.Contracts;

/// <summary>
/// Names the vocabulary a field's words come from (statuses and roles travel by name, as strings), so the recorded
/// schema lists them as the field's enum and a word removed or added shows as a contract change. The contract's
/// <c>CheckInvariants</c> is what refuses other words (<see cref="InvariantCheck.OneOf{TWord}"/>); this only describes it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(Type vocabulary) : Attribute
{
    public Type Vocabulary { get; } = vocabulary;
}
