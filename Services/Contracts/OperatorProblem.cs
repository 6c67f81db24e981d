using System.Text.Json;

namespace FoodDelivery.Contracts;

/// <summary>
/// An operator endpoint's refusal (a ProblemDetails body) said in one line, the same in the dashboard's commands and the
/// operator tool: its title and detail, or its field errors.
/// </summary>
public static class OperatorProblem
{
    public static string Describe(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return body;
            }
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString()
                : root.TryGetProperty("errors", out var e) ? e.ToString() : null;
            return string.Join(" ", new[] { title, detail }.Where(part => !string.IsNullOrEmpty(part)));
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
