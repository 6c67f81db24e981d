using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Connection;

/// <summary>
/// Where each service's management port is: given addresses (<c>--address menu=http://...</c>, or a file of such lines
/// named by <c>--addresses</c> or <see cref="AddressesFileVariable"/>), else a <c>kubectl port-forward</c> to the service
/// in the context and namespace given (<c>--context</c>, <c>--namespace</c>). Tunnels open on first use and close with it.
/// </summary>
internal sealed class ManagementAddresses(
    IReadOnlyDictionary<string, Uri> given, string? kubeContext, string? kubeNamespace, string kubectl) : IAsyncDisposable
{
    public const string AddressesFileVariable = "FOODDELIVERY_OPS_ADDRESSES";
    public const string KubectlVariable = "FOODDELIVERY_OPS_KUBECTL";

    readonly Dictionary<string, KubectlPortForward> tunnels = new(StringComparer.Ordinal);

    bool UsesKubernetes => kubeContext is not null || kubeNamespace is not null;

    public async Task<Uri> OfAsync(string service, CancellationToken ct)
    {
        if (given.TryGetValue(service, out var address))
        {
            return address;
        }
        if (!UsesKubernetes)
        {
            throw new UsageException($"No address for {service}: give --address {service}=http://HOST:PORT, a file of them (--addresses), " +
                                     "or --context/--namespace to reach it through kubectl port-forward.");
        }
        if (!tunnels.TryGetValue(service, out var tunnel))
        {
            tunnel = await KubectlPortForward.StartAsync(kubectl, kubeContext, kubeNamespace, service, ct);
            tunnels[service] = tunnel;
        }
        return tunnel.Address;
    }

    /// <summary>Reads the addresses given on the command line and in the file; none of this opens anything yet.</summary>
    public static ManagementAddresses From(
        IEnumerable<string> addresses, string? file, string? kubeContext, string? kubeNamespace, Func<string, string?> environment)
    {
        var given = new Dictionary<string, Uri>(StringComparer.Ordinal);
        file ??= environment(AddressesFileVariable) is { Length: > 0 } named ? named : null;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"The addresses file {file} does not exist.");
            }
            foreach (var line in File.ReadAllLines(file).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
            {
                Add(given, line, file);
            }
        }
        // The command line's win over the file's.
        foreach (var address in addresses)
        {
            Add(given, address, "--address");
        }
        return new ManagementAddresses(given, kubeContext, kubeNamespace, environment(KubectlVariable) is { Length: > 0 } kubectl ? kubectl : "kubectl");
    }

    static void Add(Dictionary<string, Uri> given, string entry, string source)
    {
        if (entry.Split('=', 2) is not [var name, var url] || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address)
            || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"{source}: '{entry}' is not SERVICE=http://HOST:PORT.");
        }
        name = name.Trim();
        if (ServiceCatalogue.Find(name) is null)
        {
            throw new UsageException($"{source}: {name} is none of {string.Join(", ", ServiceCatalogue.Services.Select(service => service.Name))}.");
        }
        given[name] = address;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tunnel in tunnels.Values)
        {
            await tunnel.DisposeAsync();
        }
    }
}
