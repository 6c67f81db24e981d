using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Samples the root of a trace: a client call (a database command, an outgoing HTTP request) made
/// outside any request, message or publish is background housekeeping (outbox relay polls, status
/// refreshes, pruning, migrations) and is not recorded; every other root is. Children follow their
/// parent (see <see cref="ParentBasedSampler"/>), so the database spans inside a request or a
/// consumer's apply stay in their trace, and an idle system exports no traces at all.
/// </summary>
public sealed class BackgroundCallSampler : Sampler
{
    static readonly SamplingResult Recorded = new(SamplingDecision.RecordAndSample);
    static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client
            ? Dropped
            : Recorded;
}
