namespace FoodDelivery.Contracts;

/// <summary>The name of the sync engine's activity source and meter: the engine creates them, every service exports them.</summary>
public static class SyncTelemetryName
{
    public const string Value = "FoodDelivery.Sync";
}
