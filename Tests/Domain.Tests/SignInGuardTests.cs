using FoodDelivery.Accounts.Domain;
using Microsoft.Extensions.Options;

namespace FoodDelivery.Domain.Tests;

/// <summary>
/// The limits a sign-in or sign-up passes before any password is hashed: attempts per email, whoever
/// makes them, and password hashes at once, with a bounded queue behind them.
/// </summary>
public sealed class SignInGuardTests
{
    [Fact]
    public void An_email_gets_its_sign_ins_per_minute_and_the_next_is_told_when_to_come_back()
    {
        using var guard = Guard(new() { SignInsPerEmailPerMinute = 3 });

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Null(guard.SignInRefused("ana@example.com"));
        }
        var retryAfter = guard.SignInRefused("ana@example.com");

        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Guesses_at_one_email_do_not_use_up_another_emails_attempts()
    {
        using var guard = Guard(new() { SignInsPerEmailPerMinute = 1 });
        guard.SignInRefused("ana@example.com");

        Assert.NotNull(guard.SignInRefused("ana@example.com"));
        Assert.Null(guard.SignInRefused("bo@example.com"));
    }

    [Fact]
    public void Sign_ups_and_sign_ins_are_counted_apart()
    {
        using var guard = Guard(new() { SignInsPerEmailPerMinute = 5, SignUpsPerEmailPerMinute = 1 });

        Assert.Null(guard.SignUpRefused("ana@example.com"));
        Assert.NotNull(guard.SignUpRefused("ana@example.com"));
        Assert.Null(guard.SignInRefused("ana@example.com"));
    }

    [Fact]
    public async Task With_every_hash_slot_taken_and_no_queue_the_next_caller_is_turned_away()
    {
        using var guard = Guard(new() { ConcurrentHashes = 1, HashQueue = 0 });
        var held = await guard.HashSlotAsync(CancellationToken.None);
        Assert.True(held.IsAcquired);

        using (var refused = await guard.HashSlotAsync(CancellationToken.None))
        {
            Assert.False(refused.IsAcquired);
        }
        held.Dispose();

        using var next = await guard.HashSlotAsync(CancellationToken.None);
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task A_queued_caller_gets_the_slot_its_predecessor_frees()
    {
        using var guard = Guard(new() { ConcurrentHashes = 1, HashQueue = 1 });
        var held = await guard.HashSlotAsync(CancellationToken.None);

        var queued = guard.HashSlotAsync(CancellationToken.None).AsTask();
        using (var beyondTheQueue = await guard.HashSlotAsync(CancellationToken.None))
        {
            Assert.False(beyondTheQueue.IsAcquired);
        }
        Assert.False(queued.IsCompleted);
        held.Dispose();

        using var lease = await queued;
        Assert.True(lease.IsAcquired);
    }

    static SignInGuard Guard(SignInProtectionOptions options) => new(Options.Create(options));
}
