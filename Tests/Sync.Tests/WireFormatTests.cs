using System.Text.Json;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests;

/// <summary>The vocabulary travels as names, and what the owner writes reads back valid.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void Statuses_and_roles_travel_as_their_names()
    {
        var json = JsonSerializer.Serialize(ValidEvents.Payment(), ContractsJsonContext.Default.PaymentChanged);
        Assert.Contains("\"status\":\"Captured\"", json, StringComparison.Ordinal);
        json = JsonSerializer.Serialize(ValidEvents.Account(), ContractsJsonContext.Default.AccountChanged);
        Assert.Contains("\"role\":\"Customer\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Active\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_contract_read_back_from_its_json_is_still_valid()
    {
        foreach (var change in ValidEvents.All())
        {
            var info = ContractsJsonContext.Default.GetTypeInfo(change.GetType())!;
            var read = (IChangeEvent)JsonSerializer.Deserialize(JsonSerializer.Serialize(change, info), info)!;
            Assert.Null(ChangeInvariants.Check(read));
        }
    }

    [Fact]
    public void A_status_sent_as_a_number_is_refused()
    {
        var json = JsonSerializer.Serialize(ValidEvents.Payment(), ContractsJsonContext.Default.PaymentChanged)
            .Replace("\"Captured\"", "\"1\"", StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.PaymentChanged)!;
        Assert.Contains("PaymentChanged.Status is '1'", ChangeInvariants.Check(read), StringComparison.Ordinal);
    }
}
