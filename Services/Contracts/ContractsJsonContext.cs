using System.Text.Json;
using System.Text.Json.Serialization;

namespace FoodDelivery.Contracts;

/// <summary>
/// Source-generated serialisation of every contract: no reflection on the hot path, and one place
/// that says what travels on the bus. A missing member or a null where the contract has none is
/// refused, so a mis-shaped message is dead-lettered instead of half-applied; unknown members are
/// ignored, so an owner can add a field before its consumers know it (tolerant reader).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RestaurantChanged))]
[JsonSerializable(typeof(MenuItemChanged))]
[JsonSerializable(typeof(AccountChanged))]
[JsonSerializable(typeof(OrderChanged))]
[JsonSerializable(typeof(PaymentChanged))]
[JsonSerializable(typeof(CourierChanged))]
[JsonSerializable(typeof(DeliveryChanged))]
[JsonSerializable(typeof(ReviewChanged))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
