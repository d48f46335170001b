using System.Net;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Media.Srtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// One received m-line: its RTP and RTCP sockets, the sender's SRTP context, the source it latched to, and the
/// <see cref="RtpTrack"/> that writes channel <see cref="Channel"/> (0 = left, agent; 1 = right, far end) of its
/// segment. In order, a packet is: held while the sender's SDP is not known yet (delayed offer, until the ACK);
/// authenticated and decrypted (SRTP: failures and replays counted, never written); checked against the latched
/// source (first source wins; another takes over only after the latched one fell silent); then tracked, decoded
/// and placed. RTCP arrives on the odd port or, muxed, on the RTP port (RFC 5761). A "no-audio" alarm is published
/// live when nothing arrived <c>Media:NoAudioSeconds</c> after the ACK, and cleared when audio comes.
/// </summary>
public sealed class StreamReceiver : IDisposable
{
    private const int MaxHeldPackets = 100;

    private readonly RtpReceiver _rtp;
    private readonly RtpReceiver _rtcp;
    private readonly TimeProvider _time;
    private readonly MediaOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _detached = new();
    private readonly List<(byte[] Packet, SocketAddress Source, long Arrival)> _held = [];
    private readonly TrackStatistics _socketStats = new();
    private IReadOnlyDictionary<int, PayloadFormat> _payloads;
    private SegmentRecorder? _recorder;
    private RtpTrack? _track;
    private SrtpSession? _srtp;
    private string? _srtpSuite;
    private bool _awaitingAnswer;
    private SocketAddress? _latched;
    private IPEndPoint? _latchedEndPoint;
    private long _lastFromLatched;
    private long? _firstPacket;
    private long? _ack;
    private ITimer? _noAudioTimer;
    private bool _noAudioRaised;
    private bool _inactive;
    private bool _stopped;
    private long _datagrams;

    public StreamReceiver(int channel, RtpReceiver rtp, RtpReceiver rtcp, IReadOnlyDictionary<int, RtpMap> payloads, TimeProvider time, MediaOptions options, ILogger logger, bool awaitAnswer = false)
    {
        Channel = channel;
        _rtp = rtp;
        _rtcp = rtcp;
        _payloads = Formats(payloads);
        _time = time;
        _options = options;
        _logger = logger;
        _awaitingAnswer = awaitAnswer;
    }

    public int Channel { get; }

    public int Port => _rtp.Port;

    public IPEndPoint? Source
    {
        get
        {
            lock (Gate)
            {
                return _latchedEndPoint;
            }
        }
    }

    public long Packets
    {
        get
        {
            lock (Gate)
            {
                return _track?.Statistics.Packets ?? 0;
            }
        }
    }

    public bool HadCodecMismatch
    {
        get
        {
            lock (Gate)
            {
                return _track?.Statistics.CodecMismatch > 0;
            }
        }
    }

    /// <summary>Arrival timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last accepted packet; null before the first.</summary>
    public long? LastPacketTimestamp
    {
        get
        {
            lock (Gate)
            {
                return _firstPacket is null ? null : _lastFromLatched;
            }
        }
    }

    /// <summary>Datagrams handled on the RTP and RTCP ports, whatever became of them (for tests and diagnostics).</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    private Lock Gate => _recorder?.Gate ?? _detached;

    /// <summary>The segment whose file this stream writes into; set once, before <see cref="Start"/>.</summary>
    public void Attach(SegmentRecorder recorder)
    {
        _recorder = recorder;
        _track = new RtpTrack(Channel, recorder, _payloads, _time, new RtpTrackOptions
        {
            ReorderDepth = _options.ReorderDepth,
        });
    }

    public void Start()
    {
        if (_recorder is null)
        {
            throw new InvalidOperationException("Attach the stream to a segment before starting it.");
        }

        _rtp.Start(OnRtp);
        _rtcp.Start(OnRtcp);
    }

    /// <summary>The answer (or a re-INVITE) says which payload types the sender uses.</summary>
    public void UpdatePayloads(IReadOnlyDictionary<int, RtpMap> payloads)
    {
        lock (Gate)
        {
            _payloads = Formats(payloads);
            _track?.UpdatePayloads(_payloads);
        }
    }

    /// <summary>
    /// The sender's SDES line (RFC 4568 §7.1: packets are decrypted with the key the sender advertised); null for
    /// plain RTP. A new key means a new SRTP context (RFC 3711 §3.2.3).
    /// </summary>
    public void UseSenderCrypto(SdesCrypto? crypto)
    {
        lock (Gate)
        {
            _srtp?.Dispose();
            var policy = SdesPolicy.From(crypto);
            _srtp = policy is null ? null : new SrtpSession(policy);
            _srtpSuite = policy?.Suite.Name;
        }
    }

    /// <summary>
    /// Delayed offer: the ACK's answer arrived (its crypto line, or null when it answered RTP/AVP, CUCM's
    /// X-cisco-srtp-fallback). Packets held until now are processed with it. No effect on an early-offer stream.
    /// </summary>
    public void OnAnswer(SdesCrypto? crypto)
    {
        lock (Gate)
        {
            if (!_awaitingAnswer)
            {
                return;
            }

            UseSenderCrypto(crypto);
            _awaitingAnswer = false;
            foreach (var (packet, source, arrival) in _held)
            {
                Handle(packet, source, arrival);
            }

            _held.Clear();
        }
    }

    /// <summary>
    /// The stream was negotiated <c>inactive</c> (RFC 3264 §6.1: hold, or a recording deferred by the client): no
    /// packets are expected, so no no-audio alarm is raised for it; its time in the file is silence.
    /// </summary>
    public void SetInactive(bool inactive)
    {
        lock (Gate)
        {
            _inactive = inactive;
        }
    }

    /// <summary>The ACK arrived: the clock for "time to first packet" and the no-audio alarm starts.</summary>
    public void MarkAck(long timestamp)
    {
        lock (Gate)
        {
            if (_ack is not null || _stopped)
            {
                return;
            }

            _ack = timestamp;
            if (_options.NoAudioSeconds > 0)
            {
                _noAudioTimer = _time.CreateTimer(_ => OnNoAudioTimer(), null, TimeSpan.FromSeconds(_options.NoAudioSeconds), Timeout.InfiniteTimeSpan);
            }
        }
    }

    public TrackQuality Quality()
    {
        lock (Gate)
        {
            var stats = _track?.Statistics ?? new TrackStatistics();
            var rate = _recorder?.SampleRate ?? 0;
            var timelineLate = rate == 0 ? 0 : (_recorder!.LateSamples(Channel) / Math.Max(1, rate / 50));
            return new TrackQuality
            {
                Channel = Channel,
                Codec = stats.Codec ?? stats.UndecodableEncoding,
                Srtp = _srtpSuite,
                Packets = stats.Packets,
                Lost = stats.Lost,
                Duplicates = stats.Duplicates,
                Late = stats.Late + timelineLate,
                Reordered = stats.Reordered,
                JitterMs = Math.Round(stats.JitterMs, 2),
                MaxJitterMs = Math.Round(stats.MaxJitterMs, 2),
                CodecMismatchPackets = stats.CodecMismatch,
                TelephoneEvents = stats.TelephoneEvents,
                ComfortNoise = stats.ComfortNoise,
                SsrcChanges = stats.SsrcChanges,
                Reanchors = stats.Reanchors,
                SrtpAuthenticationFailures = _socketStats.SrtpAuthenticationFailures,
                SrtpReplayFailures = _socketStats.SrtpReplayFailures,
                SrtpKeyFailures = _socketStats.SrtpKeyFailures,
                ForeignPackets = _socketStats.ForeignSource + stats.StaleSsrc,
                Malformed = stats.Malformed + _socketStats.Malformed,
                RtcpPackets = _socketStats.RtcpPackets,
                FirstPacketDelayMs = _firstPacket is { } first && _ack is { } ack ? Math.Max(0, _time.GetElapsedTime(ack, first).TotalMilliseconds) : null,
                LastPacketAt = _firstPacket is null ? null : _time.GetUtcNow() - _time.GetElapsedTime(_lastFromLatched),
            };
        }
    }

    /// <summary>Alarm flags for the segment: <c>no-audio</c>, <c>codec-mismatch</c>, <c>srtp-auth-failures</c>.</summary>
    public IReadOnlyList<string> Flags()
    {
        lock (Gate)
        {
            var stats = _track?.Statistics;
            var flags = new List<string>();
            if ((stats is null || stats.Packets == 0) && !_inactive)
            {
                flags.Add("no-audio");
            }

            if (stats?.CodecMismatch > 0)
            {
                flags.Add("codec-mismatch");
            }

            if (_socketStats.SrtpAuthenticationFailures > 0 || _socketStats.SrtpKeyFailures > 0)
            {
                flags.Add("srtp-auth-failures");
            }

            return flags;
        }
    }

    /// <summary>Stops receiving; no packet is handled after this returns. Never call it while holding the recorder's gate.</summary>
    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        lock (Gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _noAudioTimer?.Dispose();
            if (_recorder is { Finished: false })
            {
                _track?.Flush();
            }

            _srtp?.Dispose();
            _srtp = null;
        }
    }

    private void OnRtp(Span<byte> packet, SocketAddress source, long arrival)
    {
        try
        {
            ReceiveRtp(packet, source, arrival);
        }
        finally
        {
            Interlocked.Increment(ref _datagrams);
        }
    }

    private void ReceiveRtp(Span<byte> packet, SocketAddress source, long arrival)
    {
        lock (Gate)
        {
            if (_stopped || _recorder is null || _recorder.Finished)
            {
                return;
            }

            if (RtpPacket.LooksLikeRtcp(packet))
            {
                HandleRtcp(packet);
                return;
            }

            if (_awaitingAnswer)
            {
                // RFC 7866 §8.1.8 / RT-6: the sender's SDP (and key) is not known yet; keep the packet for the ACK.
                if (_held.Count < MaxHeldPackets)
                {
                    _held.Add((packet.ToArray(), Copy(source), arrival));
                }

                return;
            }

            Handle(packet, source, arrival);
        }
    }

    private void OnRtcp(Span<byte> packet, SocketAddress source, long arrival)
    {
        lock (Gate)
        {
            if (!_stopped && !_awaitingAnswer)
            {
                HandleRtcp(packet);
            }
        }

        Interlocked.Increment(ref _datagrams);
    }

    private void HandleRtcp(Span<byte> packet)
    {
        if (packet.Length < 8 || (packet[0] >> 6) != 2)
        {
            _socketStats.Malformed++;
            return;
        }

        if (_srtp is not null && !Count(_srtp.UnprotectRtcp(packet, out _)))
        {
            return;
        }

        _socketStats.RtcpPackets++;
    }

    private void Handle(Span<byte> packet, SocketAddress source, long arrival)
    {
        if (_srtp is not null)
        {
            if (!Count(_srtp.UnprotectRtp(packet, out var length)))
            {
                return;
            }

            packet = packet[..length];
        }

        if (_latched is null || !_latched.Equals(source))
        {
            if (_latched is not null && _time.GetElapsedTime(_lastFromLatched, arrival).TotalMilliseconds < _options.RelatchAfterMilliseconds)
            {
                _socketStats.ForeignSource++;
                return;
            }

            _latched = Copy(source);
            _latchedEndPoint = (IPEndPoint)new IPEndPoint(source.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(_latched);
            MediaLog.Latched(_logger, Port, _latchedEndPoint);
        }

        _lastFromLatched = arrival;
        _firstPacket ??= arrival;
        if (_noAudioRaised)
        {
            _noAudioRaised = false;
            MediaLog.AudioRestored(_logger, Port);
            _recorder!.PublishAlarm([], [Quality()]);
        }

        _track!.Receive(packet, arrival);
    }

    private bool Count(SrtpResult result)
    {
        switch (result)
        {
            case SrtpResult.Ok:
                return true;
            case SrtpResult.AuthenticationFailed:
                _socketStats.SrtpAuthenticationFailures++;
                break;
            case SrtpResult.Replayed:
                _socketStats.SrtpReplayFailures++;
                break;
            case SrtpResult.UnknownMki or SrtpResult.KeyExpired:
                _socketStats.SrtpKeyFailures++;
                break;
            default:
                _socketStats.Malformed++;
                break;
        }

        return false;
    }

    private void OnNoAudioTimer()
    {
        lock (Gate)
        {
            if (_stopped || _firstPacket is not null || _recorder is null || _inactive)
            {
                return;
            }

            _noAudioRaised = true;
            MediaLog.NoAudio(_logger, Port, _options.NoAudioSeconds);
            _recorder.PublishAlarm(["no-audio"], [Quality()]);
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private static Dictionary<int, PayloadFormat> Formats(IReadOnlyDictionary<int, RtpMap> payloads) =>
        payloads.ToDictionary(p => p.Key, p => new PayloadFormat(p.Value.PayloadType, p.Value.Encoding, p.Value.ClockRate));
}
