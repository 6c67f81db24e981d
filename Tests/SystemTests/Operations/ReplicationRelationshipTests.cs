using FoodDelivery.Contracts;

namespace FoodDelivery.SystemTests;

/// <summary>The sync graph the dashboard draws (its Graph view), checked in the AppHost's model without starting anything.</summary>
public sealed class ReplicationRelationshipTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Each_service_is_related_to_its_database_the_broker_and_exactly_the_owners_the_catalogue_says_it_replicates_from(int clusters)
    {
        var output = Path.Combine(Path.GetTempPath(), "fooddelivery-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(output, "aspire-manifest.json"), $"--Clusters:Count={clusters}"]);
        string[] prefixes = clusters == 1 ? [""] : ["east-", "west-"];

        foreach (var prefix in prefixes)
        {
            foreach (var entry in ServiceCatalogue.Services)
            {
                var service = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == prefix + entry.Name);
                var relationships = service.Annotations.OfType<ResourceRelationshipAnnotation>().ToList();
                Assert.Equal(
                    entry.ReplicatedOwners.Select(owner => prefix + owner).Order(),
                    relationships.Where(relationship => relationship.Type == "Replicates from").Select(relationship => relationship.Resource.Name).Order());
                var related = relationships.Select(relationship => relationship.Resource.Name).ToHashSet();
                Assert.Contains($"{prefix}{entry.Name}db", related);
                Assert.Contains($"{prefix}messaging", related);
            }
        }
    }
}
