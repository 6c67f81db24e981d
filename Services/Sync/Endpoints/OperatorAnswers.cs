using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FoodDelivery.Sync.Endpoints;

/// <summary>What the operator endpoints share: Markdown for the dashboard's commands, and partial answers marked.</summary>
internal static class OperatorAnswers
{
    /// <summary>What the dashboard's commands ask for: the answer as Markdown instead of JSON.</summary>
    public const string MarkdownContentType = "text/markdown";

    /// <summary>A partial answer stays 200; the header names who could not be asked (their rows in the body say why).</summary>
    public static void MarkPartial(HttpContext context, IReadOnlyList<string> unreachable)
    {
        if (unreachable.Count > 0)
        {
            context.Response.Headers[PartialAnswer.UnreachableHeader] = string.Join(",", unreachable);
        }
    }

    public static bool WantsMarkdown(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains(MarkdownContentType, StringComparison.OrdinalIgnoreCase);

    public static ContentHttpResult Markdown(string text) => TypedResults.Text(text, MarkdownContentType);
}
