using System.Net.Http.Headers;
using System.Text.Json;
using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Commands;

/// <summary>
/// Dashboard commands that take arguments: "Where is ...?" (an entity's copies in every service, as a
/// Markdown table) and the dead letters one by one (list, peek, replay one, discard one). Aspire's HTTP
/// commands call the service's management endpoint; this adds the least operator key that opens each call (the
/// read key for a GET), puts the arguments into the path or body, and shows the answer as Markdown or JSON.
/// </summary>
public static class OperatorCommands
{
    const string Markdown = "text/markdown";

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(
        this IResourceBuilder<ProjectResource> service, OperatorKeyParameters keys) => service
        .WithHttpCommand(SyncRoutes.Prefix, "Where is ...?", endpointName: ManagementEndpoint.Name, commandName: "where-is", commandOptions: Options(service.Resource.Name, keys, HttpMethod.Get,
            "Follows one entity: the versions its owner published and, in every consumer, the version it holds and what became of each.",
            "LocationRipple", Markdown,
            arguments =>
                SyncRoutes.Entity(arguments.GetString("eventType") ?? "", arguments.GetString("id")?.Trim() ?? ""),
            [
                new InteractionInput
                {
                    Name = "eventType", Label = "Event type", InputType = InputType.Choice, Required = true,
                    Options = [.. ServiceCatalogue.Services.SelectMany(entry => entry.Publishes).Order(StringComparer.Ordinal)
                        .Select(type => KeyValuePair.Create(type, type))],
                },
                new InteractionInput { Name = "id", Label = "Id", InputType = InputType.Text, Required = true, Placeholder = "the entity's id (a GUID)" },
            ]))
        .WithHttpCommand(SyncRoutes.DeadLetters, "List dead letters", endpointName: ManagementEndpoint.Name, commandName: "list-dead-letters", commandOptions: Options(service.Resource.Name, keys, HttpMethod.Get,
            "Lists this service's dead letters a page at a time: message id, type, entity, version, why and when each died.", "MailList", "application/json",
            arguments => DeadLetterPaging.Page(Number(arguments, "skip") ?? 0, Number(arguments, "limit") ?? DeadLetterPaging.DefaultLimit),
            [
                new InteractionInput { Name = "skip", Label = "Skip", InputType = InputType.Number, Required = false, Placeholder = "0: start with the first" },
                new InteractionInput { Name = "limit", Label = "Page size", InputType = InputType.Number, Required = false, Placeholder = "100" },
            ],
            render: DeadLetterTable))
        .WithHttpCommand(SyncRoutes.DeadLetters, "Peek at a dead letter", endpointName: ManagementEndpoint.Name, commandName: "peek-dead-letter", commandOptions: Options(service.Resource.Name, keys, HttpMethod.Get,
            "Shows one dead letter's headers and body; it stays in the dead-letter queue.", "MailRead", "application/json",
            arguments => SyncRoutes.DeadLetter(MessageId(arguments)), [MessageIdInput()]))
        .WithHttpCommand(SyncRoutes.DeadLetters, "Replay a dead letter", endpointName: ManagementEndpoint.Name, commandName: "replay-dead-letter", commandOptions: Options(service.Resource.Name, keys, HttpMethod.Post,
            "Moves one dead letter back to this service's queue (fix its cause first).", "ArrowReply", "application/json",
            arguments => SyncRoutes.ReplayDeadLetter(MessageId(arguments)), [MessageIdInput()]))
        .WithHttpCommand(SyncRoutes.DeadLetters, "Discard a dead letter", endpointName: ManagementEndpoint.Name, commandName: "discard-dead-letter", commandOptions: Options(service.Resource.Name, keys, HttpMethod.Post,
            "Drops one dead letter for good; who and why go into the service's log with what it was.", "MailDismiss", "application/json",
            arguments => SyncRoutes.DiscardDeadLetter(MessageId(arguments)),
            [
                MessageIdInput(),
                new InteractionInput { Name = "by", Label = "Discarded by", InputType = InputType.Text, Required = true, Placeholder = "your name" },
                new InteractionInput { Name = "reason", Label = "Why", InputType = InputType.Text, Required = true, Placeholder = "why it may be dropped" },
            ],
            body: arguments => JsonSerializer.Serialize(new { by = arguments.GetString("by"), reason = arguments.GetString("reason") }),
            confirmation: "Drop this dead letter for good? It cannot be replayed afterwards."));

    static InteractionInput MessageIdInput() =>
        new() { Name = "messageId", Label = "Message id", InputType = InputType.Text, Required = true, Placeholder = "from List dead letters" };

    static string MessageId(InteractionInputCollection arguments) => arguments.GetString("messageId")?.Trim() ?? "";

    /// <summary>An optional whole-number argument: null when it is absent or blank (the dialog leaves optional inputs empty).</summary>
    static int? Number(InteractionInputCollection arguments, string name) =>
        arguments.TryGetByName(name, out var input) && int.TryParse(input.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value : null;

    // The result names the resource as the dashboard lists it (context.ResourceName is the orchestrator's instance name, "menu-x2bqk7").
    /// <summary>A command is offered while its service runs, and greyed out otherwise.</summary>
    internal static ResourceCommandState WhileRunning(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    internal static HttpCommandOptions Options(
        string resource, OperatorKeyParameters keys, HttpMethod method, string description, string icon, string accept,
        Func<InteractionInputCollection, string> path, IReadOnlyList<InteractionInput> arguments,
        Func<InteractionInputCollection, string>? body = null, Func<string, HttpResponseMessage, string>? render = null, string? confirmation = null,
        string? summary = null, string? httpClientName = null) => new()
    {
        Method = method,
        HttpClientName = httpClientName,
        Description = description,
        IconName = icon,
        Arguments = arguments,
        ConfirmationMessage = confirmation,
        UpdateState = WhileRunning,
        PrepareRequest = async context =>
        {
            context.Request.RequestUri = new Uri(new Uri(context.Endpoint.Url), path(context.Arguments));
            context.Request.Headers.Add(OperatorKeys.Header, await keys.For(method).Resource.GetValueAsync(context.CancellationToken));
            context.Request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (body is not null)
            {
                context.Request.Content = new StringContent(body(context.Arguments), System.Text.Encoding.UTF8, "application/json");
            }
        },
        GetCommandResult = async context =>
        {
            var text = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
            if (!context.Response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"{resource} answered {(int)context.Response.StatusCode}: {ProblemText(text)}");
            }
            var format = render is not null || accept == Markdown ? CommandResultFormat.Markdown : CommandResultFormat.Json;
            return CommandResults.Success($"{resource}: {summary ?? description.Split(':')[0]}.{Partial(context.Response)}", render is null ? text : render(text, context.Response), format);
        },
    };

    /// <summary>" Partial: orders could not be reached..." when the answer names services it could not ask; else empty.</summary>
    internal static string Partial(HttpResponseMessage response) =>
        response.Headers.TryGetValues(PartialAnswer.UnreachableHeader, out var names)
            ? PartialAnswer.Describe(names.SelectMany(name => name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            : "";

    static string ProblemText(string body) => OperatorProblem.Describe(body);

    /// <summary>The dead-letter page as a Markdown table, oldest death first, headed "first N of M".</summary>
    static string DeadLetterTable(string json, HttpResponseMessage response)
    {
        using var list = JsonDocument.Parse(json);
        var letters = list.RootElement.EnumerateArray().ToList();
        var skip = SkipOf(response.RequestMessage?.RequestUri);
        var page = DeadLetterPaging.Describe(skip, letters.Count, DeadLetterPaging.TotalOf(response));
        if (letters.Count == 0)
        {
            return skip == 0 ? "No dead letters wait in this service's dead-letter queue." : $"{Capitalised(page)}.";
        }
        var table = new System.Text.StringBuilder($"{Capitalised(page)} (message ids are what Peek, Replay and Discard take; Skip pages on):\n\n" +
                                                  "| message id | type | entity | version | why | first died |\n|---|---|---|---|---|---|\n");
        foreach (var letter in letters)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"| `{Text(letter, "messageId")}` | {Text(letter, "type")} | {Text(letter, "aggregateId")} | {Text(letter, "version")} | " +
                $"{Text(letter, "reason").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")} | {Text(letter, "firstDiedAt")} |\n");
        }
        return table.ToString();
    }

    static int SkipOf(Uri? uri) =>
        uri?.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).FirstOrDefault(pair => pair[0] == "skip") is [_, var value]
        && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var skip) ? skip : 0;

    static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";
}
