namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class AccountsApiTests(RunningSystem system)
{
    // From an address of its own: sign-ups and sign-ins are limited per client address.
    readonly HttpClient accounts = system.Client("accounts").FromNewAddress();

    [Fact]
    public async Task An_account_signs_up_signs_in_edits_itself_and_is_deleted_leaving_a_versioned_tombstone()
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var receipt = await accounts.PostAsJsonAsync("/accounts/sign-up",
                new { email = email.ToUpperInvariant(), displayName = "Ada", role = "Courier", password = "analytical engine 1843" })
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(email, receipt.Text("email"));

        var signedIn = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password = "analytical engine 1843" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Courier", "Bearer"), (signedIn.Text("role"), signedIn.Text("tokenType")));
        using var me = system.Client("accounts", signedIn.Text("accessToken"));
        var created = await me.GetAsync("/accounts/me").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((signedIn.GetProperty("accountId").GetGuid(), 1L, email, "Courier", "Active"),
            (created.Id(), created.Version(), created.Text("email"), created.Text("role"), created.Text("status")));
        Assert.False(created.TryGetProperty("passwordHash", out _));

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
    public async Task Signing_up_a_taken_email_answers_like_a_new_one_and_changes_nothing()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        using var first = await accounts.PostAsJsonAsync("/accounts/sign-up", new { email, displayName = "Grace", role = "Customer", password = "compiler 1952 A0" });
        // Whatever its case, the email is the same one: taken.
        using var again = await accounts.PostAsJsonAsync("/accounts/sign-up",
            new { email = email.ToUpperInvariant(), displayName = "Grace 2", role = "Courier", password = "someone else 99" });
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        // The first account is untouched: its password signs in, the second one does not.
        await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password = "someone else 99" }).ExpectAsync(HttpStatusCode.Unauthorized);
        var signedIn = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email, password = "compiler 1952 A0" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Customer", signedIn.Text("role"));
        await using var connection = await system.OpenDatabaseAsync("accountsdb");
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM accounts WHERE email = $1", connection);
        count.Parameters.AddWithValue(email);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
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
    public async Task Tokens_are_ES256_with_a_key_id_from_the_published_key_set_which_holds_no_private_key()
    {
        var caller = await system.SignUpAsync(Callers.Customer);
        var header = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(caller.Token);
        Assert.Equal("ES256", header.Alg);

        var keySet = await accounts.GetAsync("/.well-known/jwks.json").ExpectAsync(HttpStatusCode.OK);
        var key = Assert.Single(keySet.GetProperty("keys").EnumerateArray());
        Assert.Equal((header.Kid, "EC", "P-256", "ES256", "sig"), (key.Text("kid"), key.Text("kty"), key.Text("crv"), key.Text("alg"), key.Text("use")));
        Assert.False(key.TryGetProperty("d", out _), key.ToString());
    }

    [Theory]
    [InlineData("accounts")]
    [InlineData("restaurants")]
    [InlineData("orders")]
    [InlineData("delivery")]
    public async Task Every_service_refuses_an_HMAC_token_signed_with_the_old_shared_key(string service)
    {
        var caller = await system.SignUpAsync(Callers.Courier);
        // The secret every service used to hold, as an HMAC key: anyone of them could have minted this.
        using var forged = system.Client(service, await system.ForgeSharedKeyTokenAsync(caller.Id, Callers.RestaurantOwner));
        using var real = system.Client(service, caller);
        var path = service switch
        {
            "accounts" => "/accounts/me",
            "restaurants" => "/restaurants",
            "orders" => "/orders",
            _ => "/couriers/me",
        };
        var write = service == "restaurants";
        using var refused = write
            ? await forged.PostAsJsonAsync(path, new { name = "Forged", address = "1 Forged St", cuisine = "None", isOpen = true })
            : await forged.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        if (!write)
        {
            // The same caller's real token (ES256, from accounts' key set) is accepted.
            using var accepted = await real.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.Unauthorized, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_email_for_a_while_and_the_lock_lifts_by_itself()
    {
        var caller = await system.SignUpAsync(Callers.Customer);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email, password = $"wrong guess {attempt}" })
                .ExpectAsync(HttpStatusCode.Unauthorized);
        }
        // Locked: even the right password is turned away, with when to come back.
        using var locked = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email, password = caller.Password });
        AssertTooMany(locked, atMostSeconds: 15 * 60);
        // An email with no account locks the same way: nothing tells them apart.
        var nobody = $"nobody-{Guid.NewGuid():N}@example.com";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = nobody, password = "wrong guess 1" }).ExpectAsync(HttpStatusCode.Unauthorized);
        }
        using var lockedNobody = await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = nobody, password = "wrong guess 1" });
        AssertTooMany(lockedNobody, atMostSeconds: 15 * 60);

        // Fifteen minutes later (the lock's end moved into the past), the right password works and clears the count.
        await using var connection = await system.OpenDatabaseAsync("accountsdb");
        await using var expire = new Npgsql.NpgsqlCommand(
            "UPDATE sign_in_lockouts SET locked_until = now() - interval '1 second', last_failure_at = now() - interval '15 minutes' WHERE email = $1", connection);
        expire.Parameters.AddWithValue(caller.Email);
        Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        await accounts.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email, password = caller.Password }).ExpectAsync(HttpStatusCode.OK);
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM sign_in_lockouts WHERE email = $1", connection);
        count.Parameters.AddWithValue(caller.Email);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Sign_ins_from_one_client_address_are_throttled_and_other_addresses_are_not()
    {
        using var guesser = system.Client("accounts").FromNewAddress();
        // A different email each time: neither the per-email limit nor a lockout is what stops it.
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            await guesser.PostAsJsonAsync("/accounts/sign-in", new { email = $"guess-{Guid.NewGuid():N}@example.com", password = "wrong guess 1" })
                .ExpectAsync(HttpStatusCode.Unauthorized);
        }
        using var throttled = await guesser.PostAsJsonAsync("/accounts/sign-in", new { email = $"guess-{Guid.NewGuid():N}@example.com", password = "wrong guess 1" });
        AssertTooMany(throttled, atMostSeconds: 60);
        using var someoneElse = system.Client("accounts").FromNewAddress();
        await someoneElse.PostAsJsonAsync("/accounts/sign-in", new { email = $"guess-{Guid.NewGuid():N}@example.com", password = "wrong guess 1" })
            .ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sign_ins_to_one_email_are_throttled_whatever_address_they_come_from()
    {
        var caller = await system.SignUpAsync(Callers.Customer);
        // The right password, so no lockout: ten a minute per email, from ten addresses.
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            using var fromAnywhere = system.Client("accounts").FromNewAddress();
            await fromAnywhere.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email, password = caller.Password }).ExpectAsync(HttpStatusCode.OK);
        }
        using var last = system.Client("accounts").FromNewAddress();
        using var throttled = await last.PostAsJsonAsync("/accounts/sign-in", new { email = caller.Email.ToUpperInvariant(), password = caller.Password });
        AssertTooMany(throttled, atMostSeconds: 60);
    }

    [Fact]
    public async Task Sign_ups_from_one_client_address_are_throttled()
    {
        using var signUps = system.Client("accounts").FromNewAddress();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await signUps.PostAsJsonAsync("/accounts/sign-up",
                new { email = $"bulk-{Guid.NewGuid():N}@example.com", displayName = "Bulk", role = "Customer", password = "bulk sign up 1" })
                .ExpectAsync(HttpStatusCode.Accepted);
        }
        using var throttled = await signUps.PostAsJsonAsync("/accounts/sign-up",
            new { email = $"bulk-{Guid.NewGuid():N}@example.com", displayName = "Bulk", role = "Customer", password = "bulk sign up 1" });
        AssertTooMany(throttled, atMostSeconds: 60);
    }

    /// <summary>429 ProblemDetails with a <c>Retry-After</c> in seconds, from 1 to <paramref name="atMostSeconds"/>.</summary>
    static void AssertTooMany(HttpResponseMessage response, int atMostSeconds)
    {
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } delta && delta >= TimeSpan.FromSeconds(1) && delta <= TimeSpan.FromSeconds(atMostSeconds), $"Retry-After: {response.Headers.RetryAfter}");
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
