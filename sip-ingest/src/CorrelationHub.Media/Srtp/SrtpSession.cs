namespace CorrelationHub.Media.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one stream (RFC 3711, RFC 6188, RFC 7714), receive and send side. Receiving
/// follows RFC 3711 §3.3 in order: context by SSRC, index estimation, master key by MKI, replay check,
/// authentication with a constant-time compare (AEAD: the GCM tag), decryption, and only then the state update. A
/// new SSRC gets a fresh context with ROC 0, created only once a packet of it authenticated. Not thread-safe: one
/// receive loop owns a session.
/// </summary>
public sealed partial class SrtpSession : IDisposable
{
    private const int MaxStreams = 64;
    private const int RtcpHeaderLength = 8;

    private readonly SrtpPolicy _policy;
    private readonly SrtpSessionKeys[] _keys;
    private readonly Dictionary<uint, SrtpStreamState> _streams = [];
    private long _clock;

    public SrtpSession(SrtpPolicy policy)
        : this(policy, [.. policy.Keys.Select(k => SrtpSessionKeys.Derive(policy.Suite, k))])
    {
    }

    internal SrtpSession(SrtpPolicy policy, SrtpSessionKeys[] keys)
    {
        if (keys.Length == 0)
        {
            throw new ArgumentException("SRTP needs at least one master key.", nameof(policy));
        }

        _policy = policy;
        _keys = keys;
    }

    public SrtpSuite Suite => _policy.Suite;

    /// <summary>Index of the master key the send side uses (tests rotate it to exercise MKI).</summary>
    public int SendKeyIndex { get; set; }

    private int RtpTagLength => _policy.UnauthenticatedSrtp && !Suite.IsAead ? 0 : Suite.RtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtp"/> adds to a packet.</summary>
    public int RtpOverhead => RtpTagLength + _policy.MkiLength;

    public int RtcpOverhead => Suite.RtcpTagLength + 4 + _policy.MkiLength;

    public void Dispose()
    {
        foreach (var keys in _keys)
        {
            keys.Dispose();
        }
    }

    private SrtpSessionKeys? KeysFor(ReadOnlySpan<byte> mki)
    {
        if (mki.IsEmpty)
        {
            return _keys[0];
        }

        foreach (var keys in _keys)
        {
            if (mki.SequenceEqual(keys.Master.Mki))
            {
                return keys;
            }
        }

        return null;
    }

    private SrtpStreamState NewState(uint ssrc, uint roc, ushort sequence, bool rtpSeen = true)
    {
        if (_streams.Count >= MaxStreams)
        {
            // Forget the least recently used context; a sender that comes back starts again at ROC 0.
            var oldest = _streams.MinBy(p => p.Value.LastUsed).Key;
            _streams.Remove(oldest);
        }

        var state = new SrtpStreamState { Roc = roc, HighestSequence = rtpSeen ? sequence : (ushort)0, RtpSeen = rtpSeen };
        _streams[ssrc] = state;
        return state;
    }
}
