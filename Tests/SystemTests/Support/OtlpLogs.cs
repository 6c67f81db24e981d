using Google.Protobuf;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Decodes the parts of an OTLP ExportLogsServiceRequest the tests need: per resource its service.name,
/// per scope its name (the logger's category), per record its time, severity number and body.
/// </summary>
public static class OtlpLogs
{
    public static IEnumerable<CollectedLog> Read(byte[] request)
    {
        var logs = new List<CollectedLog>();
        foreach (var resourceLogs in Protobuf.Fields(request, 1))
        {
            var service = Protobuf.ServiceName(resourceLogs);
            foreach (var scopeLogs in Protobuf.Fields(resourceLogs, 2))
            {
                var category = Protobuf.Fields(scopeLogs, 1).Select(ScopeName).FirstOrDefault() ?? "";
                foreach (var record in Protobuf.Fields(scopeLogs, 2))
                {
                    logs.Add(ReadRecord(service, category, record));
                }
            }
        }
        return logs;
    }

    static string ScopeName(byte[] scope)
    {
        var input = new CodedInputStream(scope);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                return input.ReadString();
            }
            input.SkipLastField();
        }
        return "";
    }

    static CollectedLog ReadRecord(string service, string category, byte[] record)
    {
        ulong time = 0, observed = 0;
        var severity = 0;
        var message = "";
        var input = new CodedInputStream(record);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: time = input.ReadFixed64(); break;
                case 2: severity = input.ReadEnum(); break;
                case 5: message = Protobuf.AnyValueText(input.ReadBytes().ToByteArray()); break;
                case 11: observed = input.ReadFixed64(); break;
                default: input.SkipLastField(); break;
            }
        }
        var nanos = time != 0 ? time : observed;
        return new CollectedLog(service, category, severity, DateTimeOffset.FromUnixTimeMilliseconds((long)(nanos / 1_000_000)), message);
    }
}
