namespace FoodDelivery.SystemTests;

/// <summary>
/// A fact that runs only when <c>FOODDELIVERY_SCREENSHOTS</c> names the folder to write into
/// (scripts/screenshots.sh sets it to docs/images): the documentation's pictures are made on request, not by every test run.
/// </summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public const string Variable = "FOODDELIVERY_SCREENSHOTS";

    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Set {Variable} to a folder (scripts/screenshots.sh does) to make the documentation's screenshots.";
        }
    }

    /// <summary>The folder the screenshots go to.</summary>
    public static string Directory => Path.GetFullPath(Environment.GetEnvironmentVariable(Variable)!);
}
