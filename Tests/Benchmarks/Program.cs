using FoodDelivery.Benchmarks;

// dotnet run --project Tests/Benchmarks -c Release -- [--writes 1000] [--rate 100]
var settings = BenchmarkSettings.Parse(args);
await using var system = await BenchmarkSystem.StartAsync();
var result = await ReplicationLagBenchmark.RunAsync(system, settings);
result.Print();
await result.SaveAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "results"));
