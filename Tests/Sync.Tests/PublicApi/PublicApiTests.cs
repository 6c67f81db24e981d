using FoodDelivery.Sync.Data;
using PublicApiGenerator;

namespace FoodDelivery.Sync.Tests.PublicApi;

/// <summary>
/// The engine's public surface is what the services may use; it grows only on purpose. A change to it fails here with
/// the difference; to accept it, run the test with <c>FOODDELIVERY_APPROVE_PUBLIC_API=1</c> (it rewrites
/// <c>Sync.approved.txt</c>) and commit the file with the change that needed it.
/// </summary>
public sealed class PublicApiTests
{
    const string ApproveVariable = "FOODDELIVERY_APPROVE_PUBLIC_API";

    [Fact]
    public void The_engine_exposes_only_the_approved_public_surface()
    {
        var generated = Normalised(typeof(SyncDbContext).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // The extension classes live where their targets do (Microsoft.Extensions.Hosting, Microsoft.AspNetCore.Builder),
            // which the generator leaves out unless asked.
            AllowNamespacePrefixes = ["Microsoft.Extensions.Hosting", "Microsoft.AspNetCore.Builder"],
            // The build's metadata is not surface.
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }));
        var approvedPath = ApprovedPath();
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedPath, generated);
            return;
        }
        var approved = File.Exists(approvedPath) ? Normalised(File.ReadAllText(approvedPath)) : "";
        if (generated != approved)
        {
            Assert.Fail($"The engine's public surface differs from {approvedPath} ('-' approved, '+' now). If the change is on purpose, "
                        + $"run with {ApproveVariable}=1 and commit the file.\n{Difference(approved, generated)}");
        }
    }

    static string Normalised(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    /// <summary>The lines only one side has, in order: enough to see what appeared or went.</summary>
    static string Difference(string approved, string generated)
    {
        var before = approved.Split('\n');
        var after = generated.Split('\n');
        var kept = new HashSet<string>(before.Intersect(after, StringComparer.Ordinal), StringComparer.Ordinal);
        return string.Join('\n', before.Where(line => !kept.Contains(line)).Select(line => "- " + line)
            .Concat(after.Where(line => !kept.Contains(line)).Select(line => "+ " + line)));
    }

    static string ApprovedPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoodDelivery.slnx")))
            {
                return Path.Combine(directory.FullName, "Tests", "Sync.Tests", "PublicApi", "Sync.approved.txt");
            }
        }
        throw new InvalidOperationException($"No FoodDelivery.slnx above {AppContext.BaseDirectory}.");
    }
}
