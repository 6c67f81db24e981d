using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>Reading paged lists (<c>{ items, next }</c>) the way a client does: by following <c>next</c>.</summary>
public static class Pages
{
    /// <summary>
    /// Every page from <paramref name="path"/> on, following <c>next</c> until it is null; checks
    /// on the way that the <c>Link</c> header names the same next page.
    /// </summary>
    public static async Task<List<JsonElement>> WalkPagesAsync(this HttpClient client, string path)
    {
        var pages = new List<JsonElement>();
        for (string? next = path; next is not null;)
        {
            using var response = await client.GetAsync(next);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {next}: {(int)response.StatusCode} {body}");
            var page = JsonDocument.Parse(body).RootElement.Clone();
            pages.Add(page);
            next = page.GetProperty("next").GetString();
            var link = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            Assert.Equal(next is null ? null : $"<{next}>; rel=\"next\"", link);
            Assert.True(pages.Count < 100, $"still no last page after {pages.Count} pages from {path}");
        }
        return pages;
    }

    public static List<Guid> Ids(this IEnumerable<JsonElement> pages) => [.. pages.SelectMany(page => page.Items()).Select(item => item.Id())];
}
