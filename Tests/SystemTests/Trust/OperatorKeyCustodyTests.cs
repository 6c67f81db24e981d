using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>
/// What a compromised service holds opens nothing of its neighbours: every setting the AppHost gives a service
/// process, tried as an operator key at every other service, opens no repair and no operator read there; the one
/// credential a service holds for calling its peers opens only the owned snapshots of the types it replicates.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class OperatorKeyCustodyTests(RunningSystem system)
{
    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_setting_a_service_is_given_opens_another_service_s_operator_endpoints(string service)
    {
        var settings = SettingsOf(service);
        var victim = await system.SignUpAsync(Callers.Customer);
        var opened = new List<string>();
        foreach (var other in RunningSystem.ServiceNames.Where(name => name != service))
        {
            using var client = system.ManagementClient(other);
            foreach (var (name, value) in settings)
            {
                var probes = new List<(HttpMethod Method, string Path)>
                {
                    (HttpMethod.Get, SyncRoutes.Status),
                    (HttpMethod.Get, SyncRoutes.DeadLetters),
                    (HttpMethod.Get, SyncRoutes.Entity(nameof(AccountChanged), victim.Id.ToString())),
                    (HttpMethod.Post, SyncRoutes.ReplayDeadLetters),
                };
                if (other == "accounts")
                {
                    probes.Add((HttpMethod.Post, $"{SyncRoutes.OperatorPrefix}/accounts/{victim.Id}/suspend"));
                }
                foreach (var (method, path) in probes)
                {
                    using var request = new HttpRequestMessage(method, path);
                    request.Headers.TryAddWithoutValidation(OperatorKeys.Header, value);
                    using var response = await client.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        opened.Add($"{name} opened {method} {path} at {other}");
                    }
                }
            }
        }
        Assert.Empty(opened);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_s_own_credential_opens_exactly_the_owned_snapshots_of_the_types_it_replicates(string service)
    {
        var settings = SettingsOf(service);
        var replicated = ServiceCatalogue.Find(service)!.Replicates;
        var wrong = new List<string>();
        foreach (var owner in ServiceCatalogue.Services.Where(candidate => candidate.Name != service))
        {
            using var client = system.ManagementClient(owner.Name);
            foreach (var type in owner.Publishes)
            {
                var openedBy = new List<string>();
                foreach (var (name, value) in settings)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, SyncRoutes.Owned(type));
                    request.Headers.TryAddWithoutValidation(OperatorKeys.Header, value);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    if (response.IsSuccessStatusCode)
                    {
                        openedBy.Add(name);
                    }
                }
                if (replicated.Contains(type) && openedBy.Count == 0)
                {
                    wrong.Add($"nothing {service} holds reads {owner.Name}'s {type}, which it replicates");
                }
                if (!replicated.Contains(type) && openedBy.Count > 0)
                {
                    wrong.Add($"{string.Join(", ", openedBy)} of {service} read {owner.Name}'s {type}, which it does not replicate");
                }
            }
        }
        Assert.Empty(wrong);
    }

    /// <summary>Every environment variable the AppHost gave the service's process: what a compromised service holds.</summary>
    List<(string Name, string Value)> SettingsOf(string service)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(service, out var resource), $"{service} has no state");
        var settings = resource.Snapshot.EnvironmentVariables
            .Where(variable => !string.IsNullOrWhiteSpace(variable.Value) && !variable.Value.Any(char.IsControl))
            .Select(variable => (variable.Name, Value: variable.Value!))
            .ToList();
        // A key could also hide inside a longer value (a connection string, a header list): try its parts too.
        var parts = settings
            .SelectMany(setting => setting.Value.Split([';', ',', '=', '@', ':', '/', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Where(part => part.Length >= 16 && part != setting.Value)
                .Select(part => ($"part of {setting.Name}", part)))
            .ToList();
        Assert.Contains(settings, setting => setting.Name.StartsWith("Sync__", StringComparison.Ordinal));
        return [.. settings.Concat(parts).DistinctBy(setting => setting.Item2)];
    }
}
