namespace FoodDelivery.SystemTests;

/// <summary>One span as a service exported it over OTLP. Kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer; its status code and message.</summary>
public sealed record CollectedSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    int StatusCode = CollectedSpan.Unset,
    string StatusMessage = "")
{
    /// <summary>OTLP's status codes: unset, ok, error (red in the dashboard).</summary>
    public const int Unset = 0;
    public const int Error = 2;

    public const int Server = 2;
    public const int Client = 3;
    public const int Producer = 4;
    public const int Consumer = 5;
}
