namespace FoodDelivery.SystemTests;

/// <summary>The dashboard's operator commands as the AppHost models them, checked without starting anything.</summary>
public sealed class OperatorCommandModelTests
{
    [Fact]
    public async Task Commands_that_drop_or_overwrite_ask_first_and_accounts_and_one_replica_have_commands_of_their_own()
    {
        var output = Path.Combine(Path.GetTempPath(), "fooddelivery-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(output, "aspire-manifest.json")]);
        var commands = builder.Resources.OfType<ProjectResource>().ToDictionary(
            resource => resource.Name,
            resource => resource.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(command => command.Name));

        foreach (var (service, ofService) in commands)
        {
            // Like Replay dead letters, Resync and Rebuild replicas: a discard cannot be undone.
            Assert.False(string.IsNullOrEmpty(ofService["discard-dead-letter"].ConfirmationMessage), service);
            Assert.False(string.IsNullOrEmpty(ofService["replay-dead-letters"].ConfirmationMessage), service);
            Assert.Null(ofService["list-dead-letters"].ConfirmationMessage);
            var replicates = FoodDelivery.Contracts.ServiceCatalogue.Find(service)!.Replicates.Count > 0;
            Assert.Equal(replicates, ofService.TryGetValue("rebuild-replica", out var rebuildOne));
            if (rebuildOne is not null)
            {
                Assert.False(string.IsNullOrEmpty(rebuildOne.ConfirmationMessage), service);
            }
            Assert.Equal(service == "accounts", ofService.ContainsKey("suspend-account"));
            Assert.Equal(service == "accounts", ofService.ContainsKey("reinstate-account"));
        }
        Assert.False(string.IsNullOrEmpty(commands["accounts"]["suspend-account"].ConfirmationMessage));
        Assert.False(string.IsNullOrEmpty(commands["accounts"]["reinstate-account"].ConfirmationMessage));
    }
}
