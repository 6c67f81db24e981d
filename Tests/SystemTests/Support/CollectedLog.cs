namespace FoodDelivery.SystemTests;

/// <summary>
/// One log record as a service exported it over OTLP: its category (the instrumentation scope), its
/// OTLP severity number (9-12 Information, 13-16 Warning, 17-20 Error, 21-24 Critical) and message.
/// </summary>
public sealed record CollectedLog(string Service, string Category, int Severity, DateTimeOffset Time, string Message)
{
    public const int Warning = 13;

    public override string ToString() => $"{Time:HH:mm:ss.fff} {Service} [{Severity}] {Category}: {Message}";
}
