using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Ops.Connection;
using Spectre.Console;

namespace FoodDelivery.Ops;

/// <summary>One run of a verb: the client its settings describe, and where its output goes (tables or JSON).</summary>
internal sealed class OpsSession(OpsSettings settings, ManagementAddresses addresses, ManagementClient client, IAnsiConsole console)
    : IAsyncDisposable
{
    public ManagementClient Client { get; } = client;

    public bool Json => settings.Json;

    public IAnsiConsole Console { get; } = console;

    public static OpsSession Open(OpsSettings settings, Func<string, string?> environment)
    {
        var keys = OperatorKeySource.From(settings.KeyFile, environment);
        var addresses = ManagementAddresses.From(settings.Addresses, settings.AddressesFile, settings.KubeContext, settings.KubeNamespace, environment);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Max(settings.TimeoutSeconds, 1)) };
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected)
        {
            // Piped into a file or a pager: no 80-column wrapping of the tables.
            console.Profile.Width = 240;
        }
        return new OpsSession(settings, addresses, new ManagementClient(addresses, keys, http), console);
    }

    /// <summary>The service named, or every service when none is.</summary>
    public static IReadOnlyList<string> ServicesOrAll(string? service) =>
        service is null ? [.. ServiceCatalogue.Services.Select(entry => entry.Name)] : [Service(service)];

    /// <summary>A service name checked against the catalogue.</summary>
    public static string Service(string name) => ServiceCatalogue.Find(name) is not null ? name
        : throw new UsageException($"{name} is none of {string.Join(", ", ServiceCatalogue.Services.Select(entry => entry.Name))}.");

    /// <summary>Says why an answer is not the one asked for, on the error stream; returns the answer's exit code.</summary>
    public int Report(OperatorAnswer answer)
    {
        if (answer.Problem is { } problem)
        {
            System.Console.Error.WriteLine(problem);
        }
        else if (answer.Unreachable.Count > 0)
        {
            System.Console.Error.WriteLine($"{answer.Service}:{PartialAnswer.Describe(answer.Unreachable)}");
        }
        return answer.ExitCode;
    }

    /// <summary>A single service's answer printed as it came (JSON) or as one line for a person.</summary>
    public int Print(OperatorAnswer answer, Func<JsonElement, string> forPeople)
    {
        if (answer.Succeeded)
        {
            if (Json)
            {
                System.Console.Out.WriteLine(answer.Body);
            }
            else
            {
                using var document = JsonDocument.Parse(answer.Body);
                Console.WriteLine(forPeople(document.RootElement));
            }
        }
        return Report(answer);
    }

    /// <summary>Asks before a change unless --yes said so; a script without --yes is a usage error, not a silent no.</summary>
    public bool Confirmed(ConfirmedSettings confirmed, string question)
    {
        if (confirmed.Yes)
        {
            return true;
        }
        if (System.Console.IsInputRedirected)
        {
            throw new UsageException($"{question} Add --yes to do it without a terminal to ask on.");
        }
        return Console.Confirm(question, defaultValue: false);
    }

    public static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ToString() : "";

    public ValueTask DisposeAsync() => addresses.DisposeAsync();
}
