namespace FoodDelivery.ApiConventions;

/// <summary>One page of a list and the address of the next one (<c>null</c> on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next)
{
    public Page<TView> Select<TView>(Func<T, TView> view) => new([.. Items.Select(view)], Next);
}
