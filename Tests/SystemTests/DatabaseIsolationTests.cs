using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class DatabaseIsolationTests(RunningSystem system)
{
    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_is_given_its_own_database_and_the_broker_and_nothing_else(string service)
    {
        var project = system.App.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ProjectResource>().Single(resource => resource.Name == service);

        var configuration = await ExecutionConfigurationBuilder.Create(project)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(system.App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, default);
        var environment = configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);

        var connectionStrings = environment.Keys.Where(key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order();
        Assert.Equal(new[] { $"ConnectionStrings__{service}db", "ConnectionStrings__messaging" }.Order(), connectionStrings);
        Assert.Contains($"Database={service}db", environment[$"ConnectionStrings__{service}db"], StringComparison.Ordinal);
        foreach (var other in RunningSystem.DatabaseNames.Where(database => database != $"{service}db"))
        {
            Assert.DoesNotContain(environment, variable => variable.Value.Contains($"Database={other}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_migrates_its_own_database_at_start(string service)
    {
        await using var connection = await system.OpenDatabaseAsync($"{service}db");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"__EFMigrationsHistory\"";
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];
}
