namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class AccountsApiTests(RunningSystem system)
{
    readonly HttpClient accounts = system.Client("accounts");

    [Fact]
    public async Task An_account_signs_up_signs_in_edits_itself_and_is_deleted_leaving_a_versioned_tombstone()
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var created = await accounts.PostAsJsonAsync("/accounts/sign-up",
                new { email = email.ToUpperInvariant(), displayName = "Ada", role = "Courier", password = "analytical engine 1843" })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, email, "Courier", "Active"), (created.Version(), created.Text("email"), created.Text("role"), created.Text("status")));
        Assert.False(created.TryGetProperty("passwordHash", out _));

        var signedIn = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password = "analytical engine 1843" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((created.Id(), "Courier", "Bearer"), (signedIn.GetProperty("accountId").GetGuid(), signedIn.Text("role"), signedIn.Text("tokenType")));
        using var me = system.Client("accounts", signedIn.Text("accessToken"));

        var updated = await me.PutAsJsonAsync("/accounts/me", new { email, displayName = "Ada L." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, "Ada L."), (updated.Version(), updated.Text("displayName")));
        Assert.Equal("Ada L.", (await me.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.OK)).Text("displayName"));

        await me.DeleteAsync("/accounts/me").ExpectAsync(HttpStatusCode.NoContent);
        await me.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("accountsdb", "accounts", created.Id()));
        // A deleted account cannot sign in any more.
        await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password = "analytical engine 1843" })
            .ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_password_is_stored_hashed_and_a_wrong_one_is_refused_like_an_unknown_email()
    {
        var caller = await system.SignUpAsync(Callers.Customer);
        await using var connection = await system.OpenDatabaseAsync("accountsdb");
        await using var command = new Npgsql.NpgsqlCommand("SELECT password_hash FROM accounts WHERE id = $1", connection);
        command.Parameters.AddWithValue(caller.Id);
        var hash = (string)(await command.ExecuteScalarAsync())!;
        Assert.DoesNotContain(caller.Password, hash, StringComparison.Ordinal);
        Assert.True(hash.Length > 60, hash.Length.ToString());

        var wrongPassword = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email, password = "wrong horse 42" })
            .ExpectAsync(HttpStatusCode.Unauthorized);
        var unknownEmail = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong horse 42" })
            .ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrongPassword.Text("title"), unknownEmail.Text("title"));
    }

    [Fact]
    public async Task An_email_belongs_to_one_account_whatever_its_case()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        await accounts.PostAsJsonAsync("/accounts/sign-up", new { email, displayName = "Grace", role = "Customer", password = "compiler 1952 A0" })
            .ExpectAsync(HttpStatusCode.Created);
        await accounts.PostAsJsonAsync("/accounts/sign-up", new { email = email.ToUpperInvariant(), displayName = "Grace 2", role = "Customer", password = "compiler 1952 A0" })
            .ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_sign_ups_are_refused_naming_each_field()
    {
        await accounts.PostAsJsonAsync("/accounts/sign-up", new { email = "not-an-email", displayName = "", password = "short1" })
            .ExpectInvalidAsync("Email", "DisplayName", "Role", "Password");
        // Long enough but no digit: the policy wants a letter and a digit.
        await accounts.PostAsJsonAsync("/accounts/sign-up", new { email = "a@b.c", displayName = "A", role = "Customer", password = "onlyletters-here" })
            .ExpectInvalidAsync("Password");
        await accounts.PostRawJsonAsync("/accounts/sign-up", """{ "email": "a@b.c", "displayName": "A", "role": "Pilot", "password": "abcdefghij1" }""")
            .ExpectInvalidAsync("$.role");
        // Enums by name only: a number (or a number in quotes) is not a role.
        await accounts.PostRawJsonAsync("/accounts/sign-up", """{ "email": "a@b.c", "displayName": "A", "role": 2, "password": "abcdefghij1" }""")
            .ExpectInvalidAsync("$.role");
        await accounts.PostRawJsonAsync("/accounts/sign-up", """{ "email": "a@b.c", "displayName": "A", "role": "0", "password": "abcdefghij1" }""")
            .ExpectInvalidAsync("$.role");
    }

    [Fact]
    public async Task The_own_account_needs_a_valid_token()
    {
        var caller = await system.SignUpAsync(Callers.Customer);
        await accounts.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.Unauthorized);
        using var expired = system.Client("accounts", await system.ForgeTokenAsync(caller.Id, caller.Role, DateTime.UtcNow.AddMinutes(-5)));
        await expired.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.Unauthorized);
        using var wrongKey = system.Client("accounts",
            await system.ForgeTokenAsync(caller.Id, caller.Role, DateTime.UtcNow.AddHours(1), key: new string('k', 64)));
        await wrongKey.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.Unauthorized);
    }
}
