namespace FoodDelivery.SystemTests;

/// <summary>One replica stopped by the orchestrator: how long from the stop command to the process's end, and how it ended.</summary>
public sealed record ReplicaStop(string ReplicaId, TimeSpan Took, int? ExitCode);
