using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON. On the management port all of it (status, and per check its status,
/// description, error and data), so an operator sees why a service is degraded, not just that it is; on the
/// API port, which anyone may reach, the status alone: check descriptions, exception texts and pause reasons
/// name hosts, queues and failures that are nobody else's business.
/// </summary>
public static class HealthReportWriter
{
    static readonly JsonWriterOptions Options = new() { Indented = true };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            // Not ready yet, but not failing either: the AppHost shows it as starting, not as an error.
            var starting = report.Status != HealthStatus.Healthy && report.Entries.Values
                .Where(entry => entry.Status != HealthStatus.Healthy).All(HealthChangeLog.IsStarting);
            json.WriteString("status", starting ? "Starting" : report.Status.ToString());
            if (ManagementPort.IsManagementRequest(context))
            {
                json.WriteNumber("durationMs", report.TotalDuration.TotalMilliseconds);
                json.WriteStartObject("checks");
                foreach (var (name, entry) in report.Entries)
                {
                    json.WriteStartObject(name);
                    json.WriteString("status", entry.Status.ToString());
                    if (entry.Description is not null)
                    {
                        json.WriteString("description", entry.Description);
                    }
                    if (entry.Exception is not null)
                    {
                        json.WriteString("error", entry.Exception.Message);
                    }
                    if (entry.Data.Count > 0)
                    {
                        json.WritePropertyName("data");
                        JsonSerializer.Serialize(json, entry.Data);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }
}
