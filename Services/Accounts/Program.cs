using FoodDelivery.Accounts.Api;
using FoodDelivery.Accounts.Data;
using FoodDelivery.Accounts.Domain;
using FoodDelivery.Accounts.Sync;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The validation source generator only registers request types of the project that calls this.
builder.Services.AddValidation();
builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
builder.AddAccessTokenIssuing();
builder.AddSignInThrottling();
builder.Services.AddScoped<IAccountStanding, AccountsStanding>();
builder.AddSync<AccountsDb>("accountsdb", sync => sync
    .Publishes<Account, AccountChanged>(AccountEvents.Changed));

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseSignInThrottling();
app.MapSyncEndpoints<AccountsDb>();
app.MapAccounts();
app.MapAccessTokenKeySet();
app.MapAccountStanding();
app.Run();
