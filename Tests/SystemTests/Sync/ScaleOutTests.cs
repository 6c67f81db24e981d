using Xunit.Abstractions;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Scale-out as a supported shape: two processes of every service. The story works through the
/// orchestrator's load-balancing proxies, and under a steady write load one replica of each service is
/// stopped: the other takes over its consumer and relay, and nothing is lost, nothing applied twice,
/// no reaction (payment, dispatch) happens twice (their unique indexes would dead-letter the second).
/// </summary>
[Collection(nameof(ReplicatedSystem))]
public sealed class ScaleOutTests(ReplicatedSystem system, ITestOutputHelper output)
{
    static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Two_replicas_of_every_service_tell_the_story_and_with_one_stopped_mid_load_lose_nothing_and_apply_nothing_twice()
    {
        var replicas = await system.ReplicaIdsAsync();
        Assert.All(RunningSystem.ServiceNames, service => Assert.Equal(ReplicatedSystem.Replicas, replicas[service].Count));
        await FoodDeliveryStoryTests.RunAsync(system);

        var (ready, before) = await system.WaitForConvergenceAsync(ConvergenceDeadline);
        Assert.True(ready is not null, $"Not converged before the load:{Environment.NewLine}{before}");
        var started = DateTimeOffset.UtcNow;
        await using var load = WriteLoad.Start(system);
        await load.WaitForMoreAcceptedAsync(30);
        await Task.WhenAll(RunningSystem.ServiceNames.Select(service => system.StopReplicaAsync(replicas[service][0])));
        await load.WaitForMoreAcceptedAsync(60);
        await load.StopAsync();

        var (converged, report) = await system.WaitForConvergenceAsync(ConvergenceDeadline, r => r.ConvergedApartFromDeadLetters);
        var lost = await load.LostAsync(system, report);
        var twice = await system.EffectsAppliedTwiceAsync(started);
        output.WriteLine($"accepted {load.Accepted}, failed {load.Failed} (requests the proxy sent to a stopping replica), lost {lost}, applied twice {twice}, dead letters {report.DeadLetters}");
        output.WriteLine(report.ToString());
        // The collection's other tests (RollingUpgradeTests) want every replica running: start what was stopped.
        foreach (var service in RunningSystem.ServiceNames)
        {
            await system.StartReplicaAsync(replicas[service][0]);
        }
        Assert.True(converged is not null, $"Not converged {ConvergenceDeadline.TotalSeconds} s after the load:{Environment.NewLine}{report}");
        Assert.Equal(0, lost);
        Assert.Equal(0, twice);
        Assert.Equal(0, report.DeadLetters);
    }
}
