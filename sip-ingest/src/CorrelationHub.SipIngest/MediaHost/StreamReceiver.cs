using System.Net;
using CorrelationHub.Media.Codecs;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Facts;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// One received m-line: its RTP socket, the payload types negotiated for it, and the track it writes into its
/// segment's recorder (0 = left, agent; 1 = right, far end). Telephone-event and comfort noise are counted, never
/// decoded as speech; a payload type that was not negotiated or cannot be decoded is counted as a codec mismatch.
/// </summary>
public sealed class StreamReceiver : IDisposable
{
    private readonly RtpReceiver _receiver;
    private readonly TimeProvider _time;
    private readonly Lock _detached = new();
    private SegmentRecorder? _recorder;
    private RtpTrackClock _clock = null!;
    private IReadOnlyDictionary<int, RtpMap> _payloads;
    private long _packets;
    private long _malformed;
    private long _codecMismatch;
    private long _telephoneEvents;
    private long _comfortNoise;
    private string? _codec;
    private long? _firstPacket;
    private long? _ack;
    private bool _stopped;

    public StreamReceiver(int channel, RtpReceiver receiver, IReadOnlyDictionary<int, RtpMap> payloads, TimeProvider time)
    {
        Channel = channel;
        _receiver = receiver;
        _payloads = payloads;
        _time = time;
    }

    public int Channel { get; }

    public int Port => _receiver.Port;

    public IPEndPoint? Source { get; private set; }

    public long Packets
    {
        get
        {
            lock (Gate)
            {
                return _packets;
            }
        }
    }

    /// <summary>The segment whose file this stream writes into; set once, before <see cref="Start"/>.</summary>
    public void Attach(SegmentRecorder recorder)
    {
        _recorder = recorder;
        _clock = new RtpTrackClock(recorder.SampleRate, TimeSpan.FromSeconds(2));
    }

    public void Start()
    {
        if (_recorder is null)
        {
            throw new InvalidOperationException("Attach the stream to a segment before starting it.");
        }

        _receiver.Start(OnPacket);
    }

    private Lock Gate => _recorder?.Gate ?? _detached;

    /// <summary>The answer (or a re-INVITE) says which payload types the sender uses.</summary>
    public void UpdatePayloads(IReadOnlyDictionary<int, RtpMap> payloads)
    {
        lock (Gate)
        {
            _payloads = payloads;
        }
    }

    public void MarkAck(long timestamp)
    {
        lock (Gate)
        {
            _ack ??= timestamp;
        }
    }

    public TrackQuality Quality()
    {
        lock (Gate)
        {
            return new TrackQuality
            {
                Channel = Channel,
                Codec = _codec,
                Packets = _packets,
                Late = (_recorder?.LateSamples(Channel) ?? 0) / 160,
                CodecMismatchPackets = _codecMismatch,
                TelephoneEvents = _telephoneEvents,
                ComfortNoise = _comfortNoise,
                SsrcChanges = _clock?.SsrcChanges ?? 0,
                FirstPacketDelayMs = _firstPacket is { } first && _ack is { } ack ? Math.Max(0, _time.GetElapsedTime(ack, first).TotalMilliseconds) : null,
            };
        }
    }

    public bool HadCodecMismatch
    {
        get
        {
            lock (Gate)
            {
                return _codecMismatch > 0;
            }
        }
    }

    /// <summary>Stops receiving; no packet is handled after this returns. Never call it while holding the recorder's gate.</summary>
    public void Dispose()
    {
        _receiver.Dispose();
        lock (Gate)
        {
            _stopped = true;
        }
    }

    private void OnPacket(ReadOnlySpan<byte> packet, IPEndPoint source, long arrival)
    {
        lock (Gate)
        {
            if (_stopped || _recorder is null || _recorder.Finished)
            {
                return;
            }

            if (!RtpPacket.TryParse(packet, out var rtp))
            {
                _malformed++;
                return;
            }

            _packets++;
            _firstPacket ??= arrival;
            Source ??= source;
            if (!_payloads.TryGetValue(rtp.PayloadType, out var map))
            {
                _codecMismatch++;
                return;
            }

            if (RecorderSdp.IsTelephoneEvent(map))
            {
                _telephoneEvents++;
                return;
            }

            if (RecorderSdp.IsComfortNoise(map) || rtp.PayloadType is 13 or 19)
            {
                _comfortNoise++;
                return;
            }

            var isMuLaw = map.Encoding.Equals("PCMU", StringComparison.OrdinalIgnoreCase);
            if (!isMuLaw && !map.Encoding.Equals("PCMA", StringComparison.OrdinalIgnoreCase))
            {
                _codecMismatch++;
                return;
            }

            _codec ??= map.Encoding.ToUpperInvariant();
            var payload = rtp.Payload.Length > 1600 ? rtp.Payload[..1600] : rtp.Payload;
            Span<short> samples = stackalloc short[payload.Length];
            if (isMuLaw)
            {
                G711.DecodeMuLaw(payload, samples);
            }
            else
            {
                G711.DecodeALaw(payload, samples);
            }

            var position = _clock.PositionOf(rtp.Ssrc, rtp.Timestamp, _recorder.ArrivalPosition(arrival));
            _recorder.Write(Channel, position, samples);
        }
    }
}
