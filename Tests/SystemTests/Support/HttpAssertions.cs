using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>Assertions on HTTP answers that print the body when the status is not the expected one.</summary>
public static class HttpAssertions
{
    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A 400 ProblemDetails whose <c>errors</c> name every one of the fields.</summary>
    public static async Task ExpectInvalidAsync(this Task<HttpResponseMessage> call, params string[] fields)
    {
        var problem = await call.ExpectAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
        }
    }

    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The items of one page of a list (<c>{ items, next }</c>).</summary>
    public static JsonElement.ArrayEnumerator Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();

    public static Guid Id(this JsonElement entity) => entity.GetProperty("id").GetGuid();

    public static long Version(this JsonElement entity) => entity.GetProperty("version").GetInt64();

    public static string Text(this JsonElement entity, string property) => entity.GetProperty(property).GetString()!;
}
