using Google.Protobuf;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Decodes the parts of an OTLP ExportTraceServiceRequest the tests need: per resource its
/// service.name, per span its ids, name, kind, attributes (as text) and status.
/// </summary>
public static class OtlpTraces
{
    public static IEnumerable<CollectedSpan> Read(byte[] request)
    {
        var spans = new List<CollectedSpan>();
        foreach (var resourceSpans in Protobuf.Fields(request, 1))
        {
            var service = Protobuf.ServiceName(resourceSpans);
            foreach (var scopeSpans in Protobuf.Fields(resourceSpans, 2))
            {
                foreach (var span in Protobuf.Fields(scopeSpans, 2))
                {
                    spans.Add(ReadSpan(service, span));
                }
            }
        }
        return spans;
    }

    static CollectedSpan ReadSpan(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var (statusCode, statusMessage) = (0, "");
        var attributes = new Dictionary<string, string>();
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 9:
                    var (key, value) = Protobuf.KeyValue(input.ReadBytes().ToByteArray());
                    attributes[key] = value;
                    break;
                case 15: (statusCode, statusMessage) = ReadStatus(input.ReadBytes().ToByteArray()); break;
                default: input.SkipLastField(); break;
            }
        }
        return new CollectedSpan(service, traceId, spanId, parent, name, kind, attributes, statusCode, statusMessage);
    }

    /// <summary>A Status: its message (field 2) and code (field 3).</summary>
    static (int Code, string Message) ReadStatus(byte[] status)
    {
        var (code, message) = (0, "");
        var input = new CodedInputStream(status);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2: message = input.ReadString(); break;
                case 3: code = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (code, message);
    }
}
