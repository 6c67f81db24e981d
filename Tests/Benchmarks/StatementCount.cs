namespace FoodDelivery.Benchmarks;

/// <summary>One normalised statement of pg_stat_statements: its database, how often it ran, rows, and its text.</summary>
public sealed record StatementCount(string Database, long Calls, long Rows, string Query);
