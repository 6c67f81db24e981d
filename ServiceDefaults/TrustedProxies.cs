using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count: exactly the proxies configured in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), and
/// nobody's when none are. Fails closed on purpose: ASP.NET Core's own switch
/// (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>, which Aspire's publishing sets) empties the known proxies, and an
/// empty list makes the middleware believe every sender, so any client could pick a fresh address per guess and
/// slip past per-address limits. The AppHost configures loopback in run mode (its proxies and the tests are local),
/// the Kubernetes output the ingress controller's range.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    // ASP.NET Core's switch: with it on, the host adds a forwarded-headers step of its own in front of the pipeline.
    // Always off, so run and publish modes behave alike and the headers are read once, where ServicePipeline says.
    const string HostSwitch = "ForwardedHeaders_Enabled";

    public static TBuilder AddTrustedProxies<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddInMemoryCollection([new(HostSwitch, "false")]);
        var section = builder.Configuration.GetSection(Section);
        builder.Services.PostConfigure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            forwarded.ForwardLimit = 1;
            forwarded.ForwardedHeaders = forwarded.KnownProxies.Count + forwarded.KnownIPNetworks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        return builder;
    }
}
