using System.Globalization;
using System.Text;

namespace CorrelationHub.Simulator.Sip;

/// <summary>A SIP message as the simulator needs it: start line, headers in order (compact forms expanded), body.</summary>
public sealed class SipMessage
{
    private static readonly Dictionary<string, string> Compact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID", ["f"] = "From", ["t"] = "To", ["v"] = "Via", ["l"] = "Content-Length", ["c"] = "Content-Type", ["m"] = "Contact",
    };

    public int StatusCode { get; private init; }

    public string? Method { get; private init; }

    public string? RequestUri { get; private init; }

    public List<(string Name, string Value)> Headers { get; } = [];

    public string Body { get; private set; } = string.Empty;

    public bool IsResponse => StatusCode > 0;

    public string? Get(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? CallId => Get("Call-ID");

    public (int Number, string Method) CSeq
    {
        get
        {
            var parts = (Get("CSeq") ?? "0 NONE").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : "NONE");
        }
    }

    /// <summary>The tag parameter of the To header (the recorder's dialog tag).</summary>
    public string? ToTag
    {
        get
        {
            var to = Get("To") ?? string.Empty;
            var index = to.IndexOf(";tag=", StringComparison.OrdinalIgnoreCase);
            return index < 0 ? null : to[(index + 5)..].Split(';', '>')[0].Trim();
        }
    }

    public static SipMessage? Parse(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var lines = text[..split].Split("\r\n");
        var start = lines[0].Split(' ', 3);
        SipMessage message;
        if (start[0].StartsWith("SIP/2.0", StringComparison.Ordinal))
        {
            message = new SipMessage { StatusCode = int.Parse(start[1], CultureInfo.InvariantCulture) };
        }
        else if (start.Length == 3)
        {
            message = new SipMessage { Method = start[0], RequestUri = start[1] };
        }
        else
        {
            return null;
        }

        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            message.Headers.Add((Compact.GetValueOrDefault(name, name), line[(colon + 1)..].Trim()));
        }

        message.Body = text[(split + 4)..];
        return message;
    }
}
