using FoodDelivery.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Two OpenAPI documents per service: <c>v1</c>, the API its users call with an access token from accounts
/// (the bearer scheme, and 401/403/409 on every operation that needs a token), and <c>operator</c>, the
/// <c>/sync/*</c> endpoints behind the operator key header. Scalar shows both.
/// </summary>
public static class OpenApiDocuments
{
    public const string Api = "v1";
    public const string Operator = "operator";
    public const string BearerScheme = "Bearer";
    public const string OperatorKeyScheme = "OperatorKey";

    public static IServiceCollection AddOpenApiDocuments(this IServiceCollection services)
    {
        services.AddOpenApi(Api, options =>
        {
            options.ShouldInclude = description => !IsOperatorEndpoint(description);
            options.AddDocumentTransformer((document, _, _) =>
            {
                AddScheme(document, BearerScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from accounts: POST /accounts/sign-in answers { accessToken }. Send it as Authorization: Bearer <accessToken>.",
                });
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    Require(operation, context.Document, BearerScheme);
                    AddResponse(operation, StatusCodes.Status401Unauthorized, "No valid access token: sign in at accounts and send the token.");
                    AddResponse(operation, StatusCodes.Status403Forbidden, "The token is valid, but its account may not do this (another role, not the owner, suspended).");
                    AddResponse(operation, StatusCodes.Status409Conflict,
                        "Not yet, or not any more: the account has not reached this service yet (retry in a moment), or the entity changed meanwhile.");
                }
                return Task.CompletedTask;
            });
        });
        services.AddOpenApi(Operator, options =>
        {
            options.ShouldInclude = IsOperatorEndpoint;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"{document.Info.Title} | operator";
                document.Info.Description = "Sync status, repair and inspection for operators (the dashboard's commands call these).";
                AddScheme(document, OperatorKeyScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = OperatorKeys.Header,
                    Description = $"An operator key of this service's cluster, which operators keep (the service holds only its digest): the read key " +
                                  $"(the AppHost's {OperatorKeys.ReadKeyParameter} parameter) opens the GETs, the repair key ({OperatorKeys.RepairKeyParameter}) " +
                                  "opens everything; a service's own caller key opens only the owned snapshots of the types it replicates.",
                });
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Require(operation, context.Document, OperatorKeyScheme);
                // The engine's rule (OperatorScope): a GET only looks, anything else changes something.
                var repair = !HttpMethods.IsGet(context.Description.HttpMethod ?? "GET");
                operation.Description = $"{operation.Description}\n\nNeeds the {(repair ? "repair key" : "read key (or the repair key)")}.".TrimStart();
                AddResponse(operation, StatusCodes.Status401Unauthorized, $"No {OperatorKeys.Header} header.");
                AddResponse(operation, StatusCodes.Status403Forbidden, repair
                    ? $"The {OperatorKeys.Header} header is not this cluster's repair key (the read key only reads)."
                    : $"The {OperatorKeys.Header} header is no operator key of this cluster.");
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The sync's repair and inspection (<c>/sync/*</c>) and other operator actions (<c>/operator/*</c>).</summary>
    static bool IsOperatorEndpoint(ApiDescription description) =>
        description.RelativePath is { } path
        && ($"/{path}/".StartsWith(SyncRoutes.Prefix + "/", StringComparison.Ordinal) || $"/{path}/".StartsWith(SyncRoutes.OperatorPrefix + "/", StringComparison.Ordinal));

    static void AddScheme(OpenApiDocument document, string name, OpenApiSecurityScheme scheme)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[name] = scheme;
    }

    static void Require(OpenApiOperation operation, OpenApiDocument? document, string scheme)
    {
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] });
    }

    static void AddResponse(OpenApiOperation operation, int status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse { Description = description });
    }
}
