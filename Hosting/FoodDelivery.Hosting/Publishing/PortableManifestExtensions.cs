using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Publishing;

namespace FoodDelivery.Hosting.Publishing;

/// <summary>
/// Publish-mode shaping of the app model so that the manifest is one aspirate (and our own Kubernetes
/// generator, Tools/ManifestToKubernetes) turns into working objects. Run mode is left untouched.
/// </summary>
public static class PortableManifestExtensions
{
    /// <summary>The port ASP.NET Core listens on in the images <c>dotnet publish /t:PublishContainer</c> builds.</summary>
    public const int ContainerHttpPort = 8080;

    /// <summary>
    /// A service's published environment: only <c>ConnectionStrings__*</c> and service discovery from its
    /// references, because the per-property variables Aspire 13 adds (<c>*_PASSWORD</c>, <c>*_URI</c>) carry
    /// passwords under names aspirate puts into ConfigMaps, and URI-encoded values aspirate cannot resolve.
    /// The HTTP endpoint gets the container port, so <c>{name.bindings.http.targetPort}</c> resolves.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPortableManifestEnvironment(this IResourceBuilder<ProjectResource> service)
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return service;
        }
        return service
            .WithReferenceEnvironment(
                ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
            .WithEndpoint("http", endpoint => endpoint.TargetPort = ContainerHttpPort);
    }

    /// <summary>
    /// Publishes <paramref name="connectionString"/> as the container's connection string. Aspire 13 writes
    /// RabbitMQ's URI with <c>{x-password-uri-encoded.value}</c>, an <c>annotated.string</c> aspirate leaves
    /// as literal text; an expression over the plain parameters resolves everywhere. The generated
    /// passwords are letters and digits only, so they need no URI encoding (docs/kubernetes.md).
    /// The integration's resource type stays (its connection string is not overridable), so the entry is
    /// written as Aspire writes it and only <c>connectionString</c> is replaced.
    /// </summary>
    public static IResourceBuilder<T> WithPortableManifestConnectionString<T>(
        this IResourceBuilder<T> resource, ReferenceExpression connectionString)
        where T : ContainerResource, IResourceWithConnectionString
    {
        if (!resource.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return resource;
        }
        return resource.WithManifestPublishingCallback(async context =>
        {
            var entry = await WriteContainerEntryAsync(context, resource.Resource);
            entry["connectionString"] = connectionString.ValueExpression;
            // The annotated strings Aspire's own expression would have added are never registered.
            context.TryAddDependentResources(connectionString);
            foreach (var (property, value) in entry)
            {
                context.Writer.WritePropertyName(property);
                if (value is null)
                {
                    context.Writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(context.Writer);
                }
            }
        });
    }

    static async Task<JsonObject> WriteContainerEntryAsync(ManifestPublishingContext context, ContainerResource container)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            // A private context: whatever Aspire's writer registers as dependent resources stays here.
            var scratch = new ManifestPublishingContext(context.ExecutionContext, context.ManifestPath, writer, context.CancellationToken);
            writer.WriteStartObject();
            await scratch.WriteContainerAsync(container);
            writer.WriteEndObject();
        }
        return JsonNode.Parse(buffer.ToArray())?.AsObject()
            ?? throw new InvalidOperationException($"Aspire wrote no manifest entry for {container.Name}.");
    }
}
