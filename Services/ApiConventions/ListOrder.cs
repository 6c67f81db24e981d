namespace FoodDelivery.ApiConventions;

/// <summary>The order of a paged list by id, which for UUIDv7 ids is the order of creation.</summary>
public enum ListOrder
{
    OldestFirst,
    NewestFirst,
}
