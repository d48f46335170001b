using System.Globalization;
using System.Net;

namespace CorrelationHub.Simulator.Sip;

/// <summary>The parts of the recorder's SDP the simulator needs: where each m-line wants its media.</summary>
public sealed record SdpMediaLine(int Port, string Protocol, IReadOnlyList<int> Formats, IPAddress? Address, string? Crypto, string? Label);

public static class SdpInfo
{
    public static IReadOnlyList<SdpMediaLine> Parse(string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        IPAddress? session = null;
        var result = new List<SdpMediaLine>();
        SdpMediaLine? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("c=", StringComparison.Ordinal))
            {
                var address = IPAddress.TryParse(line.Split(' ').Last(), out var parsed) ? parsed : null;
                if (current is null)
                {
                    session = address;
                }
                else
                {
                    current = current with { Address = address };
                    result[^1] = current;
                }
            }
            else if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                var parts = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var formats = parts.Skip(3).Select(f => int.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pt) ? pt : -1).ToList();
                current = new SdpMediaLine(int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], formats, session, null, null);
                result.Add(current);
            }
            else if (current is not null && line.StartsWith("a=crypto:", StringComparison.Ordinal))
            {
                current = current with { Crypto = line[9..] };
                result[^1] = current;
            }
            else if (current is not null && line.StartsWith("a=label:", StringComparison.Ordinal))
            {
                current = current with { Label = line[8..].Trim() };
                result[^1] = current;
            }
        }

        return result;
    }

    /// <summary>The body of a multipart/mixed message part with this content type (RFC 2046 §5.1).</summary>
    public static string? Part(string body, string contentType)
    {
        var index = body.IndexOf("Content-Type: " + contentType, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return body.Contains("v=0", StringComparison.Ordinal) && contentType == "application/sdp" ? body : null;
        }

        var start = body.IndexOf("\r\n\r\n", index, StringComparison.Ordinal) + 4;
        var end = body.IndexOf("\r\n--", start, StringComparison.Ordinal);
        return body[start..(end < 0 ? body.Length : end)];
    }
}
