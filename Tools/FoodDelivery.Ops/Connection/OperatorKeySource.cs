namespace FoodDelivery.Ops.Connection;

/// <summary>
/// The operator keys, from the environment (<see cref="ReadKeyVariable"/>, <see cref="RepairKeyVariable"/>) or from a
/// file (<c>--key-file</c> or <see cref="KeyFileVariable"/>; lines <c>read=...</c> and <c>repair=...</c>), never from
/// the command line, where every process on the machine and the shell's history could read them. A call that only
/// reads takes the read key when there is one; the repair key opens reads too.
/// </summary>
internal sealed class OperatorKeySource(string? read, string? repair)
{
    public const string ReadKeyVariable = "FOODDELIVERY_OPS_READ_KEY";
    public const string RepairKeyVariable = "FOODDELIVERY_OPS_REPAIR_KEY";
    public const string KeyFileVariable = "FOODDELIVERY_OPS_KEY_FILE";

    /// <summary>The key for a call, or null with no key that opens it.</summary>
    public string? For(HttpMethod method) => method == HttpMethod.Get ? read ?? repair : repair;

    /// <summary>The environment's keys, each one a file names taking the place of the environment's.</summary>
    public static OperatorKeySource From(string? keyFile, Func<string, string?> environment)
    {
        string? read = Blank(environment(ReadKeyVariable)), repair = Blank(environment(RepairKeyVariable));
        var file = keyFile ?? Blank(environment(KeyFileVariable));
        if (file is null)
        {
            return new OperatorKeySource(read, repair);
        }
        if (!File.Exists(file))
        {
            throw new UsageException($"The key file {file} does not exist.");
        }
        foreach (var line in File.ReadAllLines(file).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var (name, value) = line.Split('=', 2) is [var n, var v] ? (n.Trim(), v.Trim()) : throw new UsageException(
                $"{file}: each line is read=KEY or repair=KEY (the key itself is not shown).");
            switch (name)
            {
                case "read" or ReadKeyVariable:
                    read = Blank(value);
                    break;
                case "repair" or RepairKeyVariable:
                    repair = Blank(value);
                    break;
                default:
                    throw new UsageException($"{file}: '{name}' is neither read nor repair.");
            }
        }
        return new OperatorKeySource(read, repair);
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
