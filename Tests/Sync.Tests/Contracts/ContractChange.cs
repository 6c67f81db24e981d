namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>One difference between an event's recorded schema and its current one: where (by JSON name), what kind, and why.</summary>
public sealed record ContractChange(string Path, ContractChangeKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Path} {Reason}";
}
