using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Infrastructure;

public static class OperatorKeyDigests
{
    /// <summary>
    /// Gives a service what verifies a key and nothing that opens a neighbour: the digests of its cluster's read and
    /// repair keys (<c>Sync__ReadKeyDigest</c>, <c>Sync__RepairKeyDigest</c>), the digests of the caller keys of the
    /// services that replicate what it owns (<c>Sync__SnapshotReaders__{service}</c>) and of its namesake in the peer
    /// cluster (<c>Sync__SnapshotReaders__{peer}-{service}</c>), and its own caller key (<c>Sync__CallerKey</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOperatorKeyDigests(
        this IResourceBuilder<ProjectResource> service, string name, SyncInfrastructure infrastructure)
    {
        var keys = infrastructure.OperatorKeys;
        service.WithDigestOf("Sync__ReadKeyDigest", keys.Read)
            .WithDigestOf("Sync__RepairKeyDigest", keys.Repair)
            .WithEnvironment("Sync__CallerKey", keys.CallerKeys[name]);
        var readers = ServiceCatalogue.Services.Where(reader =>
            reader.Name != name && reader.Replicates.Any(type => ServiceCatalogue.OwnerOf(type) == name));
        foreach (var reader in readers)
        {
            service.WithDigestOf($"Sync__SnapshotReaders__{reader.Name}", keys.CallerKeys[reader.Name]);
        }
        if (infrastructure.Cluster.Peer is { } peer)
        {
            service.WithDigestOf($"Sync__SnapshotReaders__{peer}-{name}", infrastructure.Parameters.OperatorKeysOf(peer).CallerKeys[name]);
        }
        return service;
    }

    static IResourceBuilder<ProjectResource> WithDigestOf(
        this IResourceBuilder<ProjectResource> service, string variable, IResourceBuilder<ParameterResource> key)
    {
        var builder = service.ApplicationBuilder;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return service.WithEnvironment(async context =>
                context.EnvironmentVariables[variable] = OperatorKeys.Digest(await key.Resource.GetValueAsync(context.CancellationToken) ?? ""));
        }
        // A manifest cannot compute a digest: a deployment is given it as a parameter of its own (`{key}-digest`), and
        // the key itself stays with the operators. Its published default (so aspirate runs without asking) is generated
        // letters and digits, which no key's digest is: until the deployer sets it, the endpoints it guards stay shut.
        var name = $"{key.Resource.Name}-digest";
        var digest = builder.Resources.OfType<ParameterResource>().FirstOrDefault(parameter => parameter.Name == name) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(name, new GenerateParameterDefault { MinLength = 64, Upper = false, Special = false }, secret: true);
        return service.WithEnvironment(variable, digest);
    }
}
