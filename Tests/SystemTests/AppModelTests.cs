namespace FoodDelivery.SystemTests;

/// <summary>How the AppHost models the system, checked without starting anything.</summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task Publish_mode_models_the_broker_and_database_as_containers_and_the_seven_services_as_projects()
    {
        var output = Path.Combine(Path.GetTempPath(), "fooddelivery-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(output, "aspire-manifest.json")]);

        Assert.True(builder.ExecutionContext.IsPublishMode);
        Assert.IsType<RabbitMQServerResource>(builder.Resources.Single(r => r.Name == "messaging"));
        Assert.IsType<PostgresServerResource>(builder.Resources.Single(r => r.Name == "postgres"));
        Assert.Equal(RunningSystem.ServiceNames.Order(), builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Order());
        Assert.Equal(
            RunningSystem.DatabaseNames.Order(),
            builder.Resources.OfType<PostgresDatabaseResource>().Select(r => r.Name).Order());
    }

    [Fact]
    public async Task An_unknown_infrastructure_mode_is_refused_with_the_valid_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=cloud"]));
        Assert.Contains("auto, containers or local", Flatten(error), StringComparison.Ordinal);
    }

    static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " " + Flatten(error.InnerException);
}
