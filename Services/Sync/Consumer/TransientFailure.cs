using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FoodDelivery.Sync.Consumer;

/// <summary>Failures that say "try again later" (database unreachable, restarting, overloaded), not "this message is bad".</summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        RetryLimitExceededException => true,
        TimeoutException => true,
        SocketException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
