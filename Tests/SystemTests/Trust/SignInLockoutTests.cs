namespace FoodDelivery.SystemTests;

/// <summary>
/// Five wrong passwords lock an email, however they arrive: guesses sent all at once are counted before their
/// passwords are checked, so no more than five are ever checked against the hash before the lock.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class SignInLockoutTests(RunningSystem system)
{
    // The defaults (SignInProtectionOptions): the lockout threshold, and sign-ins per email a minute.
    const int LockoutThreshold = 5;
    const int SignInsPerEmailPerMinute = 10;

    [Fact]
    public async Task Concurrent_wrong_guesses_get_no_more_password_checks_than_the_lockout_allows_and_the_right_password_is_then_locked_out()
    {
        using var accounts = system.Client("accounts");
        var email = $"guessed-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse 42";
        using (var signUp = new HttpRequestMessage(HttpMethod.Post, "/accounts/sign-up")
        {
            Content = JsonContent.Create(new { email, displayName = "Guessed", role = Callers.Customer, password }),
        })
        {
            signUp.Headers.Add(ClientAddresses.ForwardedFor, ClientAddresses.Next());
            Assert.Equal(HttpStatusCode.Accepted, (await accounts.SendAsync(signUp)).StatusCode);
        }

        // Every guess the per-email limit lets through, but one for the right password afterwards, each from an address of its own.
        var guesses = await Task.WhenAll(Enumerable.Range(0, SignInsPerEmailPerMinute - 1)
            .Select(attempt => SignInAsync(accounts, email, $"wrong guess {attempt:D2}")));
        var right = await SignInAsync(accounts, email, password);

        // 401: the guess was checked against the hash; 429: refused before (locked).
        var checkedAgainstHash = guesses.Count(answer => answer.Status == HttpStatusCode.Unauthorized);
        Assert.True(checkedAgainstHash <= LockoutThreshold,
            $"{checkedAgainstHash} of {guesses.Length} concurrent wrong guesses were checked against the password; the lockout allows {LockoutThreshold}.");
        Assert.All(guesses, answer => Assert.Contains(answer.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Contains("locked", right.Title, StringComparison.Ordinal);
    }

    static async Task<(HttpStatusCode Status, string Title)> SignInAsync(HttpClient accounts, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/accounts/sign-in") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(ClientAddresses.ForwardedFor, ClientAddresses.Next());
        using var response = await accounts.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var title = body.Length > 0 && body.TrimStart().StartsWith('{')
            ? System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : ""
            : "";
        return (response.StatusCode, title);
    }
}
