namespace FoodDelivery.SystemTests;

/// <summary>
/// Each simulated person calls accounts from an address of their own, forwarded by loopback (the
/// proxy the AppHost configures in run mode, ServiceDefaults' TrustedProxies), as real users come from many addresses. Without it, accounts'
/// per-client limits on sign-in and sign-up would see a whole test run as one client.
/// </summary>
public static class ClientAddresses
{
    public const string ForwardedFor = "X-Forwarded-For";

    /// <summary>A fresh address in the IPv6 documentation range (RFC 3849).</summary>
    public static string Next() => $"2001:db8::{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}";

    /// <summary>The client, from now on calling from a fresh address of its own.</summary>
    public static HttpClient FromNewAddress(this HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(ForwardedFor);
        client.DefaultRequestHeaders.Add(ForwardedFor, Next());
        return client;
    }
}
