namespace FoodDelivery.Ops;

/// <summary>The command line (or the environment it names) cannot be acted on: exit <see cref="ExitCodes.BadUsage"/> with why.</summary>
internal sealed class UsageException(string message) : Exception(message);
