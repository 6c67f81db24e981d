using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using FoodDelivery.Contracts;
using FoodDelivery.ServiceDefaults;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every FoodDelivery service shares: telemetry, health endpoints, service discovery,
/// resilient HttpClients, ProblemDetails, OpenAPI and validation of the access tokens accounts issues.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddGracefulShutdown();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(ProblemDetailsDefaults.Configure);
        // Unreadable bodies reach the exception handler, which answers 400 ProblemDetails naming the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Enums by name only: an integer would accept values no name stands for.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        builder.AddRequestLimits();
        builder.AddTrustedProxies();
        // The limiter's middleware is in every pipeline (ServicePipeline); a service adds the policies it needs.
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOpenApiDocuments();
        builder.AddAccessTokens();
        builder.Services.AddDataProtection();
        builder.Services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new InMemoryKeyRing());
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        // Quiet when healthy: a line per request (every probe), per SQL command (every poll) or per
        // health check run (every probe, at Error while a service starts) buries what matters.
        // Configuration (Logging:LogLevel) can still lower them for a debugging session.
        builder.Logging
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning)
            .AddFilter(HealthChangeLog.DefaultHealthCheckServiceCategory, LogLevel.None)
            // Authentication warms a data-protection key ring at start that nothing uses (see
            // InMemoryKeyRing); its key is unencrypted, it never leaves memory, and saying so is noise.
            .AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.Meters)
                .LimitCardinality(builder.Configuration))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new BackgroundCallSampler()))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.ActivitySources)
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Probes every few seconds would drown the traces people look for.
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpoints.Health)
                        && !context.Request.Path.StartsWithSegments(HealthEndpoints.Ready)
                        && !context.Request.Path.StartsWithSegments(HealthEndpoints.Alive))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        // Health changes are logged once each, by this publisher, instead of once per probe.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthChangeLog>();
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(5);
            options.Period = TimeSpan.FromSeconds(15);
        });
        return builder;
    }

    /// <summary>
    /// After <see cref="ServicePipeline.UseServiceDefaults"/>: maps <c>/health</c> (every check: for the dashboard and alerts), <c>/ready</c> (readiness: the process and the
    /// checks tagged <see cref="HealthEndpoints.ReadyTag"/>, its own database) and <c>/alive</c> (liveness: the process
    /// only) in every environment, because Kubernetes probes need them in production too; the OpenAPI
    /// documents (<c>/openapi/v1.json</c>, <c>/openapi/operator.json</c>) everywhere and the Scalar UI in Development.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ServicePipeline.EnsureUsed(app);
        app.MapHealthChecks(HealthEndpoints.Health, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        // Not the sync: a broker outage, which the outbox rides out, must not take the API out of its load balancer.
        app.MapHealthChecks(HealthEndpoints.Ready, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthEndpoints.LiveTag) || check.Tags.Contains(HealthEndpoints.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(HealthEndpoints.Alive, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthEndpoints.LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });

        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(scalar => scalar
                .AddDocument(OpenApiDocuments.Api, "API", isDefault: true)
                .AddDocument(OpenApiDocuments.Operator, "Operator")
                .AddPreferredSecuritySchemes([OpenApiDocuments.BearerScheme, OpenApiDocuments.OperatorKeyScheme]));
        }

        return app;
    }
}
