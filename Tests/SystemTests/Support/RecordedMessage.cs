namespace FoodDelivery.SystemTests;

/// <summary>One message as the change exchange carried it: type, publisher, body and headers as text.</summary>
public sealed record RecordedMessage(string? Type, string? AppId, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public bool Contains(string text) =>
        Body.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Headers.Any(header => header.Key.Contains(text, StringComparison.OrdinalIgnoreCase)
                                 || header.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
}
