using CorrelationHub.Media.Rtp;
using CorrelationHub.Media.Srtp;
using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// The SRTP context of one received stream: the sender's SDES key (RFC 4568 §7.1), and every packet authenticated
/// and decrypted before anything else reads it; failures, replays and key problems are counted in the stream's
/// statistics, never written. Used under the stream's gate.
/// </summary>
internal sealed class StreamSrtp(TrackStatistics counts) : IDisposable
{
    private SrtpSession? _session;

    /// <summary>The suite in use, or null for plain RTP.</summary>
    public string? Suite { get; private set; }

    /// <summary>A new key means a new SRTP context (RFC 3711 §3.2.3); null for plain RTP.</summary>
    public void Use(SdesCrypto? crypto)
    {
        _session?.Dispose();
        var policy = SdesPolicy.From(crypto);
        _session = policy is null ? null : new SrtpSession(policy);
        Suite = policy?.Suite.Name;
    }

    /// <summary>False when the packet is dropped; otherwise <paramref name="packet"/> is the plain RTP packet.</summary>
    public bool UnprotectRtp(ref Span<byte> packet)
    {
        if (_session is null)
        {
            return true;
        }

        if (!Count(_session.UnprotectRtp(packet, out var length)))
        {
            return false;
        }

        packet = packet[..length];
        return true;
    }

    /// <summary>False when the RTCP packet is dropped.</summary>
    public bool UnprotectRtcp(Span<byte> packet) => _session is null || Count(_session.UnprotectRtcp(packet, out _));

    public void Dispose()
    {
        _session?.Dispose();
        _session = null;
    }

    private bool Count(SrtpResult result)
    {
        switch (result)
        {
            case SrtpResult.Ok:
                return true;
            case SrtpResult.AuthenticationFailed:
                counts.SrtpAuthenticationFailures++;
                break;
            case SrtpResult.Replayed:
                counts.SrtpReplayFailures++;
                break;
            case SrtpResult.UnknownMki or SrtpResult.KeyExpired:
                counts.SrtpKeyFailures++;
                break;
            default:
                counts.Malformed++;
                break;
        }

        return false;
    }
}
