namespace FoodDelivery.SystemTests;

/// <summary>One metric data point as a service exported it: a counter's running total, or a histogram's count.</summary>
public sealed record CollectedPoint(string Service, string Metric, IReadOnlyDictionary<string, string> Attributes, ulong TimeUnixNano, double Value);
