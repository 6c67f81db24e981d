namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// Confirmed rows to mark sent, each with the time the broker had confirmed its batch: several batches confirmed
/// since the last statement go in one.
/// </summary>
sealed record SentMarks(long[] Sequences, DateTimeOffset[] SentAt)
{
    /// <summary>The marks of <paramref name="batches"/>, all confirmed, oldest first.</summary>
    public static SentMarks Of(IReadOnlyList<RelayBatch> batches)
    {
        var sequences = new List<long>();
        var sentAt = new List<DateTimeOffset>();
        foreach (var batch in batches)
        {
            var confirmedAt = batch.Confirmed.Result;
            sequences.AddRange(batch.Sequences);
            sentAt.AddRange(Enumerable.Repeat(confirmedAt, batch.Sequences.Length));
        }
        return new SentMarks([.. sequences], [.. sentAt]);
    }
}
