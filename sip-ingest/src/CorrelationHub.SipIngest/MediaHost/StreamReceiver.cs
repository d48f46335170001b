using System.Net;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
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
    private readonly StreamSrtp _srtp;
    private bool _awaitingAnswer;
    private readonly SourceLatch _latch;
    private readonly bool _maskDtmf;
    private IReadOnlySet<uint> _ownSsrcs = new HashSet<uint>();
    private IReadOnlySet<uint> _otherSsrcs = new HashSet<uint>();
    private bool _streamMixup;
    private long? _ack;
    private ITimer? _noAudioTimer;
    private bool _noAudioRaised;
    private bool _inactive;
    private bool _stopped;
    private long _datagrams;

    public StreamReceiver(int channel, RtpReceiver rtp, RtpReceiver rtcp, IReadOnlyDictionary<int, RtpMap> payloads, TimeProvider time, MediaOptions options, ILogger logger, bool awaitAnswer = false, bool maskDtmf = false)
    {
        _maskDtmf = maskDtmf;
        Channel = channel;
        _rtp = rtp;
        _rtcp = rtcp;
        _payloads = Formats(payloads);
        _time = time;
        _options = options;
        _logger = logger;
        _awaitingAnswer = awaitAnswer;
        _srtp = new StreamSrtp(_socketStats);
        _latch = new SourceLatch(time, options.RelatchAfterMilliseconds);
    }

    public int Channel { get; }

    public int Port => _rtp.Port;

    public IPEndPoint? Source
    {
        get
        {
            lock (Gate)
            {
                return _latch.EndPoint;
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
                return _latch.First is null ? null : _latch.Last;
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
            MaskDtmf = _maskDtmf,
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
            _srtp.Use(crypto);
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
    /// The SSRCs the client declared for this m-line and for the session's other m-lines (RFC 5576 <c>a=ssrc</c>).
    /// RTP arriving here with another line's declared SSRC means the client mixed up its streams: the segment is
    /// flagged <c>stream-mixup</c> (whose voice is on which channel cannot be trusted) rather than silently swapped.
    /// </summary>
    public void DeclareSsrcs(IReadOnlySet<uint> own, IReadOnlySet<uint> others)
    {
        lock (Gate)
        {
            _ownSsrcs = own;
            _otherSsrcs = others;
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
            return StreamReport.Quality(Channel, _track?.Statistics, _socketStats, _srtp.Suite, _recorder, _latch, _ack, _time);
        }
    }

    /// <summary>Alarm flags for the segment (see <see cref="StreamReport.Flags"/>).</summary>
    public IReadOnlyList<string> Flags()
    {
        lock (Gate)
        {
            return StreamReport.Flags(_track?.Statistics, _socketStats, _inactive, _streamMixup);
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

            _srtp.Dispose();
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
                    _held.Add((packet.ToArray(), SourceLatch.Copy(source), arrival));
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

        if (!_srtp.UnprotectRtcp(packet))
        {
            return;
        }

        _socketStats.RtcpPackets++;
    }

    private void Handle(Span<byte> packet, SocketAddress source, long arrival)
    {
        if (!_srtp.UnprotectRtp(ref packet))
        {
            return;
        }

        if (!_latch.Accept(source, arrival, out var relatched))
        {
            _socketStats.ForeignSource++;
            return;
        }

        if (relatched)
        {
            MediaLog.Latched(_logger, Port, _latch.EndPoint!);
        }

        if (_noAudioRaised)
        {
            _noAudioRaised = false;
            MediaLog.AudioRestored(_logger, Port);
            _recorder!.PublishAlarm([], [Quality()]);
        }

        CheckDeclaredSsrc(packet);
        _track!.Receive(packet, arrival);
    }

    private void OnNoAudioTimer()
    {
        lock (Gate)
        {
            if (_stopped || _latch.First is not null || _recorder is null || _inactive)
            {
                return;
            }

            _noAudioRaised = true;
            MediaLog.NoAudio(_logger, Port, _options.NoAudioSeconds);
            _recorder.PublishAlarm(["no-audio"], [Quality()]);
        }
    }

    private void CheckDeclaredSsrc(ReadOnlySpan<byte> packet)
    {
        if (_streamMixup || _otherSsrcs.Count == 0 || packet.Length < 12)
        {
            return;
        }

        var ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        if (!_ownSsrcs.Contains(ssrc) && _otherSsrcs.Contains(ssrc))
        {
            _streamMixup = true;
            MediaLog.StreamMixup(_logger, Port);
        }
    }

    private static Dictionary<int, PayloadFormat> Formats(IReadOnlyDictionary<int, RtpMap> payloads) =>
        payloads.ToDictionary(p => p.Key, p => new PayloadFormat(p.Value.PayloadType, p.Value.Encoding, p.Value.ClockRate));
}
