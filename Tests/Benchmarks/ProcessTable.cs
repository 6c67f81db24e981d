using System.Globalization;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Reads Linux's /proc: a process's descendants, its resident memory and its CPU time, and the
/// machine's total busy time. The orchestrator reports a project's pid: the service itself when the
/// AppHost starts it from its build output, or a <c>dotnet run</c> wrapper with the service as its child.
/// </summary>
public static class ProcessTable
{
    /// <summary>Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux we run).</summary>
    public const double TicksPerSecond = 100;

    public static List<int> SelfAndDescendants(int root)
    {
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(Children(found[i]));
        }
        return found;
    }

    static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var task in tasks)
        {
            var text = TryRead(Path.Combine(task, "children"));
            foreach (var child in text?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
            {
                yield return int.Parse(child, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// The process that does the work under a resource's reported pid: the largest descendant by
    /// resident memory (for a project, the service under its <c>dotnet run</c>), else the pid itself.
    /// </summary>
    public static int WorkingProcess(int root) =>
        SelfAndDescendants(root).Skip(1).Select(pid => (Pid: pid, Rss: MemoryKb(pid, "VmRSS") ?? 0))
            .OrderByDescending(process => process.Rss).Select(process => process.Pid).DefaultIfEmpty(root).First();

    /// <summary>A memory figure of /proc/&lt;pid&gt;/status in kB (VmRSS: resident now, VmHWM: resident peak).</summary>
    public static long? MemoryKb(int pid, string field)
    {
        var status = TryRead($"/proc/{pid}/status");
        var line = status?.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// User plus system CPU ticks of a process (all its threads) and of its children that have exited
    /// and been reaped (PostgreSQL's backends come and go), so summing a live tree counts all of it.
    /// </summary>
    /// <summary>
    /// The highest ancestor of a process below init: for a resource, the orchestrator (dcp) that started it, which
    /// detaches from the AppHost, so it is not below the benchmark's own process.
    /// </summary>
    public static int TopAncestor(int pid)
    {
        var current = pid;
        while (ParentOf(current) is { } parent and > 1)
        {
            current = parent;
        }
        return current;
    }

    static int? ParentOf(int pid)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        // Field 4, the second after the command name's ')'.
        return stat is null ? null : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public static long CpuTicks(int pid) => StatTicks(pid, withReapedChildren: true);

    /// <summary>User plus system CPU ticks of a process's own threads, not of its reaped children.</summary>
    public static long OwnCpuTicks(int pid) => StatTicks(pid, withReapedChildren: false);

    static long StatTicks(int pid, bool withReapedChildren)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        if (stat is null)
        {
            return 0;
        }
        // The command name (field 2) may contain spaces; the fields after its ')' are plain numbers:
        // utime, stime, cutime, cstime are fields 14-17, here 11-14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[11..(withReapedChildren ? 15 : 13)].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The machine's CPU pressure, <c>some avg10</c> of /proc/pressure/cpu: the share of the last ten seconds in
    /// which at least one runnable task waited for a core (null where the kernel has no PSI).
    /// </summary>
    public static double? CpuPressure()
    {
        var some = TryRead("/proc/pressure/cpu")?.Split('\n').FirstOrDefault(line => line.StartsWith("some ", StringComparison.Ordinal));
        var avg10 = some?.Split(' ').FirstOrDefault(field => field.StartsWith("avg10=", StringComparison.Ordinal));
        return avg10 is null ? null : double.Parse(avg10["avg10=".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>The machine's busy ticks over all cores (everything but idle and iowait).</summary>
    public static long MachineBusyTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal
        return cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
    }

    public static string MachineDescription()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memoryKb = MemoryKbOfMachine();
        var os = TryRead("/etc/os-release")?.Split('\n').FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? Environment.OSVersion.ToString();
        return $"{Environment.ProcessorCount} cores ({model}), {memoryKb / 1024.0 / 1024.0:F0} GiB, {os}";
    }

    public static string LoadAverage() => TryRead("/proc/loadavg")?.Split(' ').Take(3).Aggregate((a, b) => a + " " + b) ?? "?";

    static long MemoryKbOfMachine() =>
        long.Parse(File.ReadLines("/proc/meminfo").First()["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
