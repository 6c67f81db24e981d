namespace FoodDelivery.DeploymentTests;

/// <summary>Each layout of <see cref="Layouts"/> built once for a test class, on first use.</summary>
public sealed class LayoutBuilds : IDisposable
{
    readonly Dictionary<string, OverlayBuild> builds = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public OverlayBuild this[string layout]
    {
        get
        {
            lock (gate)
            {
                if (!builds.TryGetValue(layout, out var build))
                {
                    builds[layout] = build = Layouts.Build(layout);
                }
                return build;
            }
        }
    }

    public void Dispose()
    {
        foreach (var build in builds.Values)
        {
            build.Dispose();
        }
    }
}
