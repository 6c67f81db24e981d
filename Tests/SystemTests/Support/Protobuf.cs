using Google.Protobuf;

namespace FoodDelivery.SystemTests;

/// <summary>The few protobuf reads OTLP decoding needs: repeated sub-messages and OTLP key/values.</summary>
public static class Protobuf
{
    /// <summary>The <c>service.name</c> of a ResourceSpans or ResourceMetrics (its field 1 is the Resource).</summary>
    public static string ServiceName(byte[] resourceEnvelope) =>
        Fields(resourceEnvelope, 1).SelectMany(resource => Fields(resource, 1)).Select(KeyValue)
            .FirstOrDefault(attribute => attribute.Key == "service.name").Value ?? "";

    /// <summary>A KeyValue whose AnyValue is rendered as text (string, bool, int or double).</summary>
    public static (string Key, string Value) KeyValue(byte[] keyValue)
    {
        string key = "", value = "";
        var input = new CodedInputStream(keyValue);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = AnyValue(input.ReadBytes().ToByteArray()); break;
                default: input.SkipLastField(); break;
            }
        }
        return (key, value);
    }

    /// <summary>An AnyValue rendered as text (string, bool, int or double; anything else as empty).</summary>
    public static string AnyValueText(byte[] anyValue) => AnyValue(anyValue);

    static string AnyValue(byte[] anyValue)
    {
        var input = new CodedInputStream(anyValue);
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool().ToString(),
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        };
    }

    /// <summary>Every length-delimited occurrence of <paramref name="field"/> in a message.</summary>
    public static List<byte[]> Fields(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }
}
