using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using FoodDelivery.AppHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.AppHost.Clusters;

/// <summary>
/// Links the clusters' brokers with RabbitMQ's federation plugin: each broker's change exchange has
/// every other cluster's broker as upstream, so a change published in one cluster reaches the
/// other's queues too. <c>max-hops</c> 1: a message crosses one link and is never sent back, so two
/// links in opposite directions do not loop. Configured by the AppHost through each broker's
/// management API as soon as that broker is ready, with PUTs, so every start re-applies the same
/// definitions (they also persist in the broker's data).
/// </summary>
public static class BrokerFederation
{
    /// <summary>The exchange the services declare and publish every change to.</summary>
    public const string Exchange = "fooddelivery.changes";

    public const string PolicyName = "federate-changes";

    /// <summary>
    /// Replaces the broker's enabled-plugins file in both modes (the image's and the local
    /// launcher's), so the management and Prometheus plugins must be listed again.
    /// </summary>
    const string EnabledPluginsVariable = "RABBITMQ_ENABLED_PLUGINS";

    const string EnabledPlugins = "rabbitmq_management,rabbitmq_prometheus,rabbitmq_federation,rabbitmq_federation_management";

    // Seconds between a lost link's reconnection attempts: short, so a healed partition is noticed quickly.
    const int ReconnectDelaySeconds = 2;

    static readonly TimeSpan ConfigureDeadline = TimeSpan.FromMinutes(1);
    static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    /// <summary>Enables the federation plugin on a broker that has a peer cluster; a single cluster's broker stays as it is.</summary>
    public static IResourceBuilder<T> WithFederationPlugin<T>(this IResourceBuilder<T> broker, Cluster cluster)
        where T : IResourceWithEnvironment =>
        cluster.HasPeer ? broker.WithEnvironment(EnabledPluginsVariable, EnabledPlugins) : broker;

    /// <summary>
    /// Federates every cluster's change exchange with every other cluster's. Nothing to do for one
    /// cluster, nor in publish mode (nothing runs there to configure).
    /// </summary>
    public static void AddBrokerFederation(this IDistributedApplicationBuilder builder, IReadOnlyList<SyncInfrastructure> clusters)
    {
        if (clusters.Count < 2 || builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        foreach (var downstream in clusters)
        {
            var upstreams = clusters.Where(other => other != downstream).ToList();
            // Awaited before the broker counts as ready (WaitFor waits for ready handlers), so a service
            // never starts against an unfederated broker. Only this broker is needed: the links it creates
            // keep retrying until the upstream broker answers.
            builder.Eventing.Subscribe<ResourceReadyEvent>(downstream.Broker.Resource, (ready, ct) =>
                ConfigureAsync(downstream, upstreams, ready.Services, ct));
        }
    }

    static async Task ConfigureAsync(
        SyncInfrastructure downstream, IReadOnlyList<SyncInfrastructure> upstreams, IServiceProvider services, CancellationToken ct)
    {
        var broker = downstream.Broker.Resource;
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(broker);
        var deadline = DateTime.UtcNow + ConfigureDeadline;
        while (true)
        {
            try
            {
                using var management = await ManagementClientAsync(downstream, ct);
                // The cluster name is what federation writes into x-received-from: "east" says where a message came from.
                await PutAsync(management, "/api/cluster-name", new { name = downstream.Cluster.Name }, ct);
                foreach (var upstream in upstreams)
                {
                    await PutAsync(management, $"/api/parameters/federation-upstream/%2F/{upstream.Cluster.Name}", new
                    {
                        value = new Dictionary<string, object>
                        {
                            ["uri"] = await AmqpUriAsync(upstream, ct),
                            ["max-hops"] = 1,
                            // The upstream's copy is acknowledged only once this broker confirmed it: nothing is lost in between.
                            ["ack-mode"] = "on-confirm",
                            ["reconnect-delay"] = ReconnectDelaySeconds,
                        },
                    }, ct);
                }
                await PutAsync(management, $"/api/policies/%2F/{PolicyName}", new Dictionary<string, object>
                {
                    ["pattern"] = $"^{System.Text.RegularExpressions.Regex.Escape(Exchange)}$",
                    ["apply-to"] = "exchanges",
                    ["definition"] = new Dictionary<string, object> { ["federation-upstream-set"] = "all" },
                }, ct);
                logger.LogInformation("Federation: {Exchange} has upstream(s) {Upstreams} (max-hops 1, ack-mode on-confirm).",
                    Exchange, string.Join(", ", upstreams.Select(upstream => upstream.Broker.Resource.Name)));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    // Logged, not thrown: the cluster still runs by itself, and the dashboard shows why it is not linked.
                    logger.LogError(ex, "Federation of {Exchange} could not be configured: {Error}", Exchange, ex.Message);
                    return;
                }
                await Task.Delay(RetryPause, ct);
            }
        }
    }

    /// <summary>The management API of a broker, with the broker's own credentials.</summary>
    static async Task<HttpClient> ManagementClientAsync(SyncInfrastructure infrastructure, CancellationToken ct)
    {
        var endpoint = ((IResourceWithEndpoints)infrastructure.Broker.Resource).GetEndpoint("management");
        var user = await infrastructure.Parameters.BrokerUser.Resource.GetValueAsync(ct);
        var password = await infrastructure.Parameters.BrokerPassword.Resource.GetValueAsync(ct);
        var http = new HttpClient { BaseAddress = new Uri(await endpoint.GetValueAsync(ct) ?? throw new InvalidOperationException($"{infrastructure.Broker.Resource.Name} has no management endpoint.")), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    /// <summary>
    /// The upstream broker's AMQP URI as the downstream broker dials it: local brokers reach each other
    /// on localhost; a broker container reaches the other container on the container network, under its
    /// resource name and the AMQP target port (the host's mapped port is not reachable from inside).
    /// </summary>
    static async Task<string> AmqpUriAsync(SyncInfrastructure upstream, CancellationToken ct)
    {
        var network = upstream.Mode == InfrastructureMode.Containers
            ? KnownNetworkIdentifiers.DefaultAspireContainerNetwork
            : KnownNetworkIdentifiers.LocalhostNetwork;
        var amqp = ((IResourceWithEndpoints)upstream.Broker.Resource).GetEndpoint("tcp", network);
        var hostAndPort = await amqp.Property(EndpointProperty.HostAndPort).GetValueAsync(ct);
        var user = await upstream.Parameters.BrokerUser.Resource.GetValueAsync(ct);
        var password = await upstream.Parameters.BrokerPassword.Resource.GetValueAsync(ct);
        return $"amqp://{Uri.EscapeDataString(user ?? "")}:{Uri.EscapeDataString(password ?? "")}@{hostAndPort}";
    }

    static async Task PutAsync(HttpClient management, string path, object body, CancellationToken ct)
    {
        using var response = await management.PutAsJsonAsync(path, body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}", null, response.StatusCode);
        }
    }
}
