using System.Net.Http.Headers;
using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Hosting.Commands;

/// <summary>
/// Dashboard commands on each service: Sync status, Check convergence, Replay dead letters, Resync, Rebuild replicas (and, with two
/// clusters, Take over the peer cluster). Each calls the
/// service's own operator endpoint with the least key that opens it (the read key to look, the repair key to
/// change something), so the dashboard is just another client. The first five are Aspire's HTTP commands
/// (<see cref="OperatorCommands.Options"/> adds the key); the take-over is not, as it asks the peer and fences it before its own call.
/// </summary>
public static class SyncCommands
{
    const string Json = "application/json";

    public static IResourceBuilder<ProjectResource> WithSyncCommands(
        this IResourceBuilder<ProjectResource> service, OperatorKeyParameters keys)
    {
        var resource = service.Resource.Name;
        service.ApplicationBuilder.Services.AddHttpClient(HttpClientName).ConfigureHttpClient(client => client.Timeout = CallTimeout);
        HttpCommandOptions Call(HttpMethod method, string path, string description, string icon, string accept = Json, string? confirmation = null) =>
            OperatorCommands.Options(resource, keys, method, description, icon, accept, _ => path, [], confirmation: confirmation,
                summary: $"{method} {path} done", httpClientName: HttpClientName);
        return service
            .WithHttpCommand(SyncRoutes.Status, "Sync status", endpointName: ManagementEndpoint.Name, commandName: "sync-status",
                commandOptions: Call(HttpMethod.Get, SyncRoutes.Status,
                    "Outbox backlog and its age, queue and dead-letter depth, outcomes, last applied event.", "DataHistogram"))
            .WithHttpCommand(SyncRoutes.Convergence, "Check convergence", endpointName: ManagementEndpoint.Name, commandName: "check-convergence",
                commandOptions: Call(HttpMethod.Get, SyncRoutes.Convergence,
                    "Compares every replica this service keeps with its owner (missing, stale, extra, diverged rows), plus its outbox backlog and dead letters.",
                    "CheckmarkCircle", accept: "text/markdown"))
            .WithHttpCommand(SyncRoutes.ReplayDeadLetters, "Replay dead letters", endpointName: ManagementEndpoint.Name, commandName: "replay-dead-letters",
                commandOptions: Call(HttpMethod.Post, SyncRoutes.ReplayDeadLetters,
                    "Moves this service's dead letters back to its queue (fix the cause first).", "ArrowReplyAll",
                    confirmation: "Move every dead letter of this service back to its queue?"))
            .WithHttpCommand(SyncRoutes.Resync, "Resync", endpointName: ManagementEndpoint.Name, commandName: "resync",
                commandOptions: Call(HttpMethod.Post, SyncRoutes.Resync,
                    "Republishes everything this service owns; every replica converges through its version guard.", "ArrowSync",
                    confirmation: "Republish a snapshot of everything this service owns?"))
            .WithHttpCommand(SyncRoutes.Rebuild, "Rebuild replicas", endpointName: ManagementEndpoint.Name, commandName: "rebuild-replicas",
                commandOptions: Call(HttpMethod.Post, SyncRoutes.Rebuild,
                    "Makes every replica this service keeps equal to its owner whatever the versions (rows overwritten, extras removed, " +
                    "missing ones added), for a replica a resync cannot repair; reports what it changed.", "DatabaseArrowUp",
                    confirmation: "Overwrite this service's replicas with their owners' rows, whatever versions they hold? Events keep applying meanwhile."));
    }

    /// <summary>How long a whole-service call may take: a resync or rebuild of a large service is long, but not endless.</summary>
    static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    const string HttpClientName = "sync-commands";

    /// <summary>
    /// With two clusters: takes over every entity of this service homed in the peer cluster (a re-home to
    /// this cluster), for when the peer is lost. It refuses while the same service in the peer answers (not lost: both
    /// clusters would home the same rows, each taking the other over). Then it fences the peer for the take-over, with the peer's
    /// repair key: every service there that holds this service's rows (its own and its replicas) is told to
    /// take this cluster's take-over of them, which the peer refuses from anyone else. A peer service that does
    /// not answer (lost) is named in the result: fence it when it is back, then replay its dead letters.
    /// Confirmation first: the peer's undelivered writes lose.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTakeOverCommand(
        this IResourceBuilder<ProjectResource> service, string serviceName, IResourceBuilder<ParameterResource> repairKey,
        IResourceBuilder<ParameterResource> peerRepairKey, string cluster, string peer) => service
        .WithCommand("take-over-peer", $"Take over {peer}",
            async context =>
            {
                // Refused before anything is fenced: a peer that answers is not lost (the service refuses too).
                if (await PeerAnswerAsync(context, $"{peer}-{serviceName}") is { } answer)
                {
                    return CommandResults.Failure($"{peer} is reachable ({answer}): it is not lost, so nothing is taken over. " +
                                                  $"Stop {peer}-{serviceName} first, or move single entities with a fenced re-home.");
                }
                var unfenced = await FencePeerAsync(context, serviceName, peerRepairKey, peer);
                var result = await CallAsync(service, repairKey, HttpMethod.Post, SyncRoutes.RehomeCluster(peer), context.CancellationToken);
                return unfenced.Count == 0 || !result.Success
                    ? result
                    : CommandResults.Success($"{result.Message} Not fenced, as they did not answer: {string.Join("; ", unfenced)}. " +
                                             $"Fence each when it is back (POST {SyncRoutes.Fence(serviceName)}), then replay its dead letters.");
            },
            Options($"Refuses while {peer}'s {serviceName} answers; otherwise fences {peer} for the take-over and re-homes to {cluster} everything this service holds that is homed in {peer}, for when {peer} is lost.",
                "ArrowSwap",
                confirmation: $"Make {cluster} the home of everything this service holds from {peer}? Do this only when {peer} is lost and stopped: " +
                              $"writes it made that never reached {cluster} will be overwritten."));

    /// <summary>What the peer's service answered on its management endpoint (any status), or null when it did not answer.</summary>
    static async Task<string?> PeerAnswerAsync(ExecuteCommandContext context, string name)
    {
        var model = context.Services.GetRequiredService<DistributedApplicationModel>();
        var resource = model.Resources.OfType<ProjectResource>().Single(candidate => candidate.Name == name);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(new EndpointReference(resource, ManagementEndpoint.Name).Url), Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(SyncRoutes.Status, context.CancellationToken);
            return $"{name} answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException && !context.CancellationToken.IsCancellationRequested)
        {
            // Not running (no allocated endpoint), refused or timed out: lost as far as this command can tell.
            return null;
        }
    }

    /// <summary>Fences, in <paramref name="peer"/>, <paramref name="owner"/> on every service holding its rows; returns those that did not answer.</summary>
    static async Task<List<string>> FencePeerAsync(
        ExecuteCommandContext context, string owner, IResourceBuilder<ParameterResource> peerRepairKey, string peer)
    {
        var model = context.Services.GetRequiredService<DistributedApplicationModel>();
        var unfenced = new List<string>();
        foreach (var holder in ServiceCatalogue.Services.Where(entry => entry.Name == owner || entry.ReplicatedOwners.Contains(owner)))
        {
            var name = $"{peer}-{holder.Name}";
            var resource = model.Resources.OfType<ProjectResource>().Single(candidate => candidate.Name == name);
            // Bounded: a stopped peer service behind the orchestrator's proxy may take the connection and never answer.
            var result = await CallAsync(name, new EndpointReference(resource, ManagementEndpoint.Name), peerRepairKey,
                HttpMethod.Post, SyncRoutes.Fence(owner), context.CancellationToken, timeout: TimeSpan.FromSeconds(15));
            if (!result.Success)
            {
                unfenced.Add(result.Message ?? name);
            }
        }
        return unfenced;
    }

    static CommandOptions Options(string description, string icon, string? confirmation = null) => new()
    {
        Description = description,
        IconName = icon,
        ConfirmationMessage = confirmation,
        UpdateState = OperatorCommands.WhileRunning,
    };

    static Task<ExecuteCommandResult> CallAsync(
        IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> key,
        HttpMethod method, string path, CancellationToken ct) =>
        CallAsync(service.Resource.Name, service.GetEndpoint(ManagementEndpoint.Name), key, method, path, ct);

    static async Task<ExecuteCommandResult> CallAsync(
        string resourceName, EndpointReference endpoint, IResourceBuilder<ParameterResource> key,
        HttpMethod method, string path, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = timeout ?? CallTimeout };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(OperatorKeys.Header, await key.Resource.GetValueAsync(ct));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Json));
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode
                ? CommandResults.Success($"{resourceName}: {method} {path} done.{OperatorCommands.Partial(response)}", body, CommandResultFormat.Json)
                : CommandResults.Failure($"{resourceName} answered {(int)response.StatusCode}: {body}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return CommandResults.Failure($"{resourceName} did not answer: {ex.Message}");
        }
    }
}
