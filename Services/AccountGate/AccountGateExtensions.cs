using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.AccountGate;

public static class AccountGateExtensions
{
    /// <summary>
    /// The gate reads accounts from <typeparamref name="TDb"/>: its replica of accounts (<see cref="AccountReplica"/>),
    /// or, for their owner, <paramref name="accounts"/>: the owner's own rows in the replica's shape. Never from accounts
    /// over HTTP.
    /// </summary>
    public static IServiceCollection AddAccountGate<TDb>(this IServiceCollection services, Func<TDb, IQueryable<AccountReplica>>? accounts = null)
        where TDb : DbContext
    {
        var rows = accounts ?? (db => db.Set<AccountReplica>());
        services.AddScoped(provider => new AccountRows(rows(provider.GetRequiredService<TDb>())));
        return services;
    }

    /// <summary>
    /// Only an account this service knows as active, and as a <paramref name="role"/> when one is given, may call the
    /// endpoint(s) (<see cref="ActiveAccountFilter"/>); a handler parameter of type <see cref="ActiveAccount"/> gets it.
    /// </summary>
    public static TBuilder RequireActiveAccount<TBuilder>(this TBuilder builder, AccountRole? role = null) where TBuilder : IEndpointConventionBuilder
    {
        var gate = new ActiveAccountFilter(role);
        builder.WithMetadata(gate);
        return builder.AddEndpointFilterFactory((endpoint, next) => gate.For(endpoint.MethodInfo, next));
    }
}
