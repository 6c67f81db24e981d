namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class AccountsApiTests(RunningSystem system)
{
    readonly HttpClient accounts = system.Client("accounts");

    [Fact]
    public async Task An_account_is_created_read_updated_and_deleted_leaving_a_versioned_tombstone()
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var created = await accounts.PostAsJsonAsync("/accounts", new { email = email.ToUpperInvariant(), displayName = "Ada", role = "Courier" })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((1L, email, "Courier", "Active"), (created.Version(), created.Text("email"), created.Text("role"), created.Text("status")));

        var updated = await accounts.PutAsJsonAsync($"/accounts/{created.Id()}", new { email, displayName = "Ada L.", status = "Suspended" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2L, "Ada L.", "Suspended"), (updated.Version(), updated.Text("displayName"), updated.Text("status")));

        await accounts.DeleteAsync($"/accounts/{created.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        await accounts.GetAsync($"/accounts/{created.Id()}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal((3L, true), await system.ReadRowAsync("accountsdb", "accounts", created.Id()));
    }

    [Fact]
    public async Task An_email_belongs_to_one_account_whatever_its_case()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        await accounts.PostAsJsonAsync("/accounts", new { email, displayName = "Grace", role = "Customer" }).ExpectAsync(HttpStatusCode.Created);
        await accounts.PostAsJsonAsync("/accounts", new { email = email.ToUpperInvariant(), displayName = "Grace 2", role = "Customer" })
            .ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_account_input_is_refused_naming_each_field()
    {
        await accounts.PostAsJsonAsync("/accounts", new { email = "not-an-email", displayName = "" }).ExpectInvalidAsync("Email", "DisplayName", "Role");
        await accounts.PostRawJsonAsync("/accounts", """{ "email": "a@b.c", "displayName": "A", "role": "Pilot" }""").ExpectInvalidAsync("$.role");
        await accounts.GetAsync($"/accounts/{Guid.NewGuid()}").ExpectAsync(HttpStatusCode.NotFound);
    }
}
