using Google.Protobuf;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Decodes the parts of an OTLP ExportMetricsServiceRequest the tests need: gauges, sums (counters,
/// cumulative) and histograms (their count), with their attributes and time.
/// </summary>
public static class OtlpMetrics
{
    public static IEnumerable<CollectedPoint> Read(byte[] request)
    {
        var points = new List<CollectedPoint>();
        foreach (var resourceMetrics in Protobuf.Fields(request, 1))
        {
            var service = Protobuf.ServiceName(resourceMetrics);
            foreach (var scopeMetrics in Protobuf.Fields(resourceMetrics, 2))
            {
                foreach (var metric in Protobuf.Fields(scopeMetrics, 2))
                {
                    points.AddRange(ReadMetric(service, metric));
                }
            }
        }
        return points;
    }

    static IEnumerable<CollectedPoint> ReadMetric(string service, byte[] metric)
    {
        var name = "";
        var points = new List<(byte[] Point, bool Histogram)>();
        var input = new CodedInputStream(metric);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                // Gauge (5) and Sum (7) hold the same NumberDataPoints.
                case 5 or 7: points.AddRange(Protobuf.Fields(input.ReadBytes().ToByteArray(), 1).Select(point => (point, false))); break;
                case 9: points.AddRange(Protobuf.Fields(input.ReadBytes().ToByteArray(), 1).Select(point => (point, true))); break;
                default: input.SkipLastField(); break;
            }
        }
        return points.Select(point => ReadPoint(service, name, point.Point, point.Histogram));
    }

    static CollectedPoint ReadPoint(string service, string metric, byte[] point, bool histogram)
    {
        var attributes = new Dictionary<string, string>();
        ulong time = 0;
        double value = 0;
        var attributesField = histogram ? 9 : 7;
        var input = new CodedInputStream(point);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            if (field == attributesField)
            {
                var (key, text) = Protobuf.KeyValue(input.ReadBytes().ToByteArray());
                attributes[key] = text;
            }
            else if (field == 3)
            {
                time = input.ReadFixed64();
            }
            else if (histogram && field == 4)
            {
                value = input.ReadFixed64();
            }
            else if (!histogram && field == 4)
            {
                value = input.ReadDouble();
            }
            else if (!histogram && field == 6)
            {
                value = input.ReadSFixed64();
            }
            else
            {
                input.SkipLastField();
            }
        }
        return new CollectedPoint(service, metric, attributes, time, value);
    }
}
