using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>One <c>m=</c> section with its own lines (RFC 4566 §5.14).</summary>
public sealed class SdpMedia
{
    public string Media { get; set; } = "audio";

    public int Port { get; set; }

    public int? PortCount { get; set; }

    /// <summary>RTP/AVP, RTP/SAVP, RTP/AVPF, RTP/SAVPF, UDP/TLS/RTP/SAVP ...</summary>
    public string Protocol { get; set; } = "RTP/AVP";

    public List<string> Formats { get; } = [];

    /// <summary>The media-level <c>c=</c> address, if any.</summary>
    public string? ConnectionAddress { get; set; }

    public List<string> Bandwidths { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public bool IsSecure => Protocol.Contains("SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first direction attribute at media level, or null (session level or sendrecv applies).</summary>
    public SdpDirection? Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.Value is null && SdpDirectionExtensions.FromAttribute(attribute.Name) is { } direction)
                {
                    return direction;
                }
            }

            return null;
        }
    }

    /// <summary>The RFC 4574 label exactly as offered (echoed verbatim in the answer).</summary>
    public string? Label => Attribute("label")?.Trim();

    /// <summary>
    /// The SSRCs the sender declares for this m-line (RFC 5576 §4.1 <c>a=ssrc:&lt;id&gt; cname:…</c>), each with its
    /// cname when given: a SIPREC client that names them lets the recorder check that each label's RTP really
    /// arrives on that label's stream.
    /// </summary>
    public IReadOnlyList<(uint Ssrc, string? Cname)> DeclaredSsrcs()
    {
        var result = new List<(uint Ssrc, string? Cname)>();
        foreach (var value in AttributeValues("ssrc"))
        {
            var parts = value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !uint.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ssrc))
            {
                continue;
            }

            var cname = parts.Length > 1 && parts[1].StartsWith("cname:", StringComparison.OrdinalIgnoreCase) ? parts[1][6..].Trim() : null;
            var known = result.FindIndex(r => r.Ssrc == ssrc);
            if (known < 0)
            {
                result.Add((ssrc, cname));
            }
            else if (result[known].Cname is null)
            {
                result[known] = (ssrc, cname);
            }
        }

        return result;
    }

    public string? Attribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute.Value ?? string.Empty;
            }
        }

        return null;
    }

    public IEnumerable<string> AttributeValues(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && attribute.Value is not null)
            {
                yield return attribute.Value;
            }
        }
    }

    /// <summary>The payload types on the m-line, in offer order, with rtpmap or the static RFC 3551 mapping.</summary>
    public IReadOnlyList<RtpMap> PayloadMaps()
    {
        var maps = new Dictionary<int, RtpMap>();
        foreach (var value in AttributeValues("rtpmap"))
        {
            if (RtpMap.TryParse(value, out var map))
            {
                maps.TryAdd(map.PayloadType, map);
            }
        }

        var result = new List<RtpMap>();
        foreach (var format in Formats)
        {
            if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
            {
                continue;
            }

            if (maps.TryGetValue(pt, out var map) || (map = RtpMap.Static(pt)) is not null)
            {
                result.Add(map);
            }
        }

        return result;
    }
}
