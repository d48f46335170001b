namespace CorrelationHub.Sip.Sdp;

/// <summary>A session description (RFC 4566 / RFC 8866), kept close to the wire so answers can echo what was offered.</summary>
public sealed class SdpSession
{
    public string OriginUser { get; set; } = "-";

    public string SessionId { get; set; } = "0";

    public ulong SessionVersion { get; set; }

    public string OriginAddressType { get; set; } = "IP4";

    public string OriginAddress { get; set; } = "127.0.0.1";

    public string SessionName { get; set; } = "-";

    /// <summary>The session-level <c>c=</c> address, if any.</summary>
    public string? ConnectionAddress { get; set; }

    public string ConnectionAddressType { get; set; } = "IP4";

    public string Timing { get; set; } = "0 0";

    public List<string> Bandwidths { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public List<SdpMedia> Media { get; } = [];

    /// <summary>A session-level direction attribute, if any.</summary>
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

    /// <summary>The direction that applies to a media section: media level, then session level, then sendrecv.</summary>
    public SdpDirection EffectiveDirection(SdpMedia media) => media.Direction ?? Direction ?? SdpDirection.SendRecv;

    /// <summary>The address RTP for a media section comes from: media-level c=, else session-level c=.</summary>
    public string? EffectiveAddress(SdpMedia media) => media.ConnectionAddress ?? ConnectionAddress;
}
