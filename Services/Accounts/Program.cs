using FoodDelivery.AccountGate;
using FoodDelivery.Accounts.Api;
using FoodDelivery.Accounts.Data;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.Accounts.Sync;
using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
builder.AddAccessTokenIssuing();
builder.AddSignInThrottling();
builder.AddSync<AccountsDb>("accountsdb", sync => sync
    .Publishes<Account, AccountChanged>(AccountEvents.Changed));
// Accounts is the owner: the gate reads its own accounts, in the replicas' shape.
builder.Services.AddAccountGate<AccountsDb>(db => db.Accounts.Select(account => new AccountReplica
{
    Id = account.Id, Version = account.Version, Deleted = account.Deleted, Role = account.Role, Status = account.Status,
}));

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSyncEndpoints<AccountsDb>();
app.MapAccounts();
app.MapAccessTokenKeySet();
app.MapAccountStanding();
app.Run();
