using System.Net.Http.Headers;
using System.Text;
using FoodDelivery.Contracts;

namespace FoodDelivery.Ops.Connection;

/// <summary>
/// Calls the services' operator endpoints as the dashboard's commands do: the same paths (<see cref="SyncRoutes"/>), the
/// key header, the least key that opens the call, and the partial-answer header; a service that cannot be reached is an
/// answer saying so, never an exception, so a command over seven services still reports the other six.
/// </summary>
internal sealed class ManagementClient(ManagementAddresses addresses, OperatorKeySource keys, HttpClient http)
{
    public async Task<OperatorAnswer> SendAsync(
        string service, HttpMethod method, string path, CancellationToken ct, bool markdown = false, string? jsonBody = null)
    {
        var key = keys.For(method) ?? throw new UsageException(method == HttpMethod.Get
            ? $"No operator key: set {OperatorKeySource.ReadKeyVariable} (or the repair key), or name a key file (--key-file, {OperatorKeySource.KeyFileVariable})."
            : $"This changes something and needs the repair key: set {OperatorKeySource.RepairKeyVariable}, or repair= in the key file.");
        Uri baseAddress;
        try
        {
            baseAddress = await addresses.OfAsync(service, ct);
        }
        catch (ServiceUnreachableException ex)
        {
            return OperatorAnswer.NotReached(service, ex.Why);
        }
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Add(OperatorKeys.Header, key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(markdown ? "text/markdown" : "application/json"));
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var unreachable = response.Headers.TryGetValues(PartialAnswer.UnreachableHeader, out var names)
                ? names.SelectMany(name => name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
                : [];
            return new OperatorAnswer(service, response.StatusCode, body, unreachable, DeadLetterPaging.TotalOf(response), null);
        }
        catch (HttpRequestException ex)
        {
            return OperatorAnswer.NotReached(service, ex.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return OperatorAnswer.NotReached(service, $"no answer within {http.Timeout.TotalSeconds:F0} s");
        }
    }
}
