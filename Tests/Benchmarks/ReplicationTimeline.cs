namespace FoodDelivery.Benchmarks;

/// <summary>One replicated write, in Unix ms: owner commit, publish confirmed (outbox sent_at), replica applied.</summary>
public sealed record ReplicationTimeline(Guid Id, double CommittedMs, double SentMs, double AppliedMs)
{
    public double LagMs => AppliedMs - CommittedMs;

    public double RelayMs => SentMs - CommittedMs;

    public double ConsumerMs => AppliedMs - SentMs;
}
