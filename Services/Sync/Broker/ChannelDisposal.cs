using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

internal static class ChannelDisposal
{
    /// <summary>Disposes a channel that may already be gone with its connection, without throwing.</summary>
    public static async Task DisposeQuietlyAsync(this IChannel channel)
    {
        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception)
        {
            // Already closed with its connection: nothing left to release.
        }
    }
}
