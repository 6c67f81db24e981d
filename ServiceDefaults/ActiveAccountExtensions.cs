using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.ServiceDefaults;

public static class ActiveAccountExtensions
{
    /// <summary>Accounts are looked up in <typeparamref name="TRow"/>, the service's replica of accounts.</summary>
    public static IServiceCollection AddAccountStanding<TDb, TRow>(this IServiceCollection services)
        where TDb : DbContext
        where TRow : class, IAccountRow =>
        services.AddScoped<IAccountStanding, AccountRowStanding<TDb, TRow>>();

    /// <summary>Only an account this service knows as active may call the endpoint(s) (<see cref="ActiveAccountFilter"/>).</summary>
    public static TBuilder RequireActiveAccount<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ActiveAccountFilter>();
}
