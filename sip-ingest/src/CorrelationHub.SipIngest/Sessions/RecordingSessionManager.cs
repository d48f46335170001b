using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Codecs;
using CorrelationHub.Media.Recording;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// Turns accepted dialogs into recordings. CUCM legs pair by x-refci and agent address (<see cref="CucmRecordingLeg.PairKey"/>),
/// whichever arrives first; the near-end leg is the left channel, the far-end leg the right. A new pair with the same
/// key after both legs ended (hold, then resume) is a new segment of the same recording.
/// </summary>
public sealed class RecordingSessionManager : IRecordingSessionHandler, IDisposable
{
    private const int SampleRate = 8000;

    private readonly TimeProvider _time;
    private readonly IRecordingFactSink _facts;
    private readonly RtpPortPool _ports;
    private readonly MediaOptions _media;
    private readonly RecordingOptions _recording;
    private readonly SipOptions _sip;
    private readonly ILogger<RecordingSessionManager> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallRecording> _calls = [];
    private readonly HashSet<RecordingLeg> _liveLegs = [];
    private long _sdpSessionId = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public RecordingSessionManager(TimeProvider time, IRecordingFactSink facts, RtpPortPool ports, IOptions<MediaOptions> media, IOptions<RecordingOptions> recording, IOptions<SipOptions> sip, ILogger<RecordingSessionManager> logger)
    {
        _time = time;
        _facts = facts;
        _ports = ports;
        _media = media.Value;
        _recording = recording.Value;
        _sip = sip.Value;
        _logger = logger;
    }

    public int LiveLegs
    {
        get
        {
            lock (_gate)
            {
                return _liveLegs.Count;
            }
        }
    }

    public InviteOutcome OnInvite(InviteContext context)
    {
        var request = context.Request;
        CucmRecordingLeg.TryRead(request.From, out var cucm);
        var bindAddress = BindAddress(context);
        var sdpSessionId = Interlocked.Increment(ref _sdpSessionId).ToString(CultureInfo.InvariantCulture);
        var receivers = new List<(int MediaIndex, RtpReceiver Receiver)>();
        string localSdp;
        List<(int Channel, RtpReceiver Receiver, IReadOnlyDictionary<int, RtpMap> Payloads)> streams = [];
        if (context.Offer is null)
        {
            // Delayed offer (CUCM BiB): we offer in the 200 OK; the answer comes in the ACK.
            var receiver = OpenReceiver(bindAddress);
            if (receiver is null)
            {
                return Full();
            }

            localSdp = SdpWriter.Write(RecorderSdp.CreateOffer(context.AdvertisedAddress, receiver.Port, sdpSessionId, 1));
            streams.Add((ChannelFor(cucm, 0), receiver, RecorderSdp.OfferedPayloads()));
        }
        else
        {
            var exhausted = false;
            var answer = RecorderSdp.Answer(context.Offer, context.AdvertisedAddress, sdpSessionId, 1, index =>
            {
                if (index > 1)
                {
                    return null;
                }

                var receiver = OpenReceiver(bindAddress);
                if (receiver is null)
                {
                    exhausted = true;
                    return null;
                }

                receivers.Add((index, receiver));
                return receiver.Port;
            });
            if (answer.Accepted.Count == 0)
            {
                foreach (var (_, receiver) in receivers)
                {
                    receiver.Dispose();
                }

                // RFC 3261 §21.4.26 with Warning 305 "Incompatible media format".
                return exhausted ? Full() : new InviteRejected(488, "Not Acceptable Here", "305 CorrelationHub \"no decodable audio stream offered\"");
            }

            localSdp = SdpWriter.Write(answer.Session);
            foreach (var stream in answer.Accepted)
            {
                var receiver = receivers.First(r => r.MediaIndex == stream.MediaIndex).Receiver;
                streams.Add((ChannelFor(cucm, stream.MediaIndex), receiver, stream.Payloads));
            }
        }

        RecordingLeg leg;
        lock (_gate)
        {
            var segment = SegmentFor(context, cucm, streams.Select(s => s.Channel));
            leg = new RecordingLeg(request.CallId!, localSdp, segment, cucm, request.Headers.Get(HeaderNames.SessionId), request.Headers.Get(HeaderNames.CiscoGuid));
            foreach (var (channel, receiver, payloads) in streams)
            {
                var stream = new ReceivedStream(channel, receiver, payloads, SampleRate, TimeSpan.FromSeconds(2));
                leg.Streams.Add(stream);
                segment.ChannelTaken[channel] = true;
                receiver.Start((packet, source, arrival) => OnPacket(leg, stream, packet, source, arrival));
            }

            segment.Legs.Add(leg);
            _liveLegs.Add(leg);
        }

        SipLog.LegAccepted(_logger, leg.CallId, cucm?.Direction.ToString() ?? "siprec");
        return new InviteAccepted(localSdp, leg);
    }

    public void OnAck(IRecordingLegHandle handle, SdpSession? answer, DateTimeOffset at)
    {
        var leg = (RecordingLeg)handle;
        var segment = leg.Segment;
        RecordingFact? started = null;
        lock (segment.Gate)
        {
            leg.AckTimestamp = _time.GetTimestamp();
            if (answer is not null)
            {
                // Delayed offer: the ACK's answer says which payload types the sender uses (it may add
                // telephone-event we never offered, RFC 3264 is bent by CUCM; accept it).
                for (var i = 0; i < leg.Streams.Count && i < answer.Media.Count; i++)
                {
                    leg.Streams[i].PayloadMap = RecorderSdp.PayloadsOf(answer.Media[i]);
                }
            }

            if (!segment.StartPublished)
            {
                segment.StartPublished = true;
                started = Fact(RecordingFactKind.SegmentStarted, segment, at);
            }
        }

        if (started is not null)
        {
            _facts.Publish(started);
        }
    }

    public void OnEnd(IRecordingLegHandle handle, string reason, string? causeHeader, DateTimeOffset at)
    {
        var leg = (RecordingLeg)handle;

        // Stop the receivers before taking any lock: a receiver loop may be waiting on the segment gate.
        foreach (var stream in leg.Streams)
        {
            stream.Receiver.Dispose();
        }

        var segment = leg.Segment;
        bool finish;
        lock (_gate)
        {
            _liveLegs.Remove(leg);
            lock (segment.Gate)
            {
                leg.Ended = true;
                finish = !segment.Finished && segment.Legs.TrueForAll(l => l.Ended);
                if (finish)
                {
                    segment.Finished = true;
                    if (ReferenceEquals(segment.Recording.Open, segment))
                    {
                        segment.Recording.Open = null;
                    }

                    segment.Recording.LastActivity = at;
                }
            }
        }

        SipLog.LegEnded(_logger, leg.CallId, reason);
        if (finish)
        {
            FinishSegment(segment, causeHeader is null ? reason : $"{reason} ({causeHeader})", at);
        }
    }

    public void Dispose()
    {
        List<RecordingLeg> legs;
        lock (_gate)
        {
            legs = [.. _liveLegs];
        }

        foreach (var leg in legs)
        {
            OnEnd(leg, "shutdown", null, _time.GetUtcNow());
        }
    }

    private void OnPacket(RecordingLeg leg, ReceivedStream stream, ReadOnlySpan<byte> packet, IPEndPoint source, long arrival)
    {
        var segment = leg.Segment;
        lock (segment.Gate)
        {
            if (segment.Finished || leg.Ended)
            {
                return;
            }

            if (!RtpPacket.TryParse(packet, out var rtp))
            {
                stream.Malformed++;
                return;
            }

            stream.Packets++;
            stream.FirstPacketTimestamp ??= arrival;
            stream.Source ??= source;
            if (!stream.PayloadMap.TryGetValue(rtp.PayloadType, out var map))
            {
                stream.CodecMismatch++;
                return;
            }

            if (RecorderSdp.IsTelephoneEvent(map))
            {
                stream.TelephoneEvents++;
                return;
            }

            if (RecorderSdp.IsComfortNoise(map) || rtp.PayloadType is 13 or 19)
            {
                stream.ComfortNoise++;
                return;
            }

            var isMuLaw = map.Encoding.Equals("PCMU", StringComparison.OrdinalIgnoreCase);
            if (!isMuLaw && !map.Encoding.Equals("PCMA", StringComparison.OrdinalIgnoreCase))
            {
                stream.CodecMismatch++;
                return;
            }

            stream.Codec ??= map.Encoding.ToUpperInvariant();
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

            var arrivalPosition = (long)(_time.GetElapsedTime(segment.StartTimestamp, arrival).TotalSeconds * segment.SampleRate);
            var position = stream.Clock.PositionOf(rtp.Ssrc, rtp.Timestamp, arrivalPosition);
            segment.Timeline.Write(stream.Channel, position, samples);
            var jitter = (long)segment.SampleRate * _media.JitterAllowanceMilliseconds / 1000;
            segment.Timeline.FlushTo(segment.Timeline.End - jitter);
        }
    }

    private RecordingSegment SegmentFor(InviteContext context, CucmRecordingLeg? cucm, IEnumerable<int> channels)
    {
        var key = cucm is not null ? "cucm|" + cucm.PairKey : "call|" + context.Request.CallId;
        var now = context.ReceivedAt;
        if (_calls.TryGetValue(key, out var call) && call.Open is null && now - call.LastActivity > TimeSpan.FromMinutes(_recording.ResumeWindowMinutes))
        {
            _calls.Remove(key);
            call = null;
        }

        if (call is null)
        {
            call = new CallRecording(Guid.CreateVersion7(now).ToString("N"), key, cucm is not null ? "cucm-bib" : "siprec", cucm);
            _calls[key] = call;
        }

        call.LastActivity = now;
        if (cucm is not null)
        {
            // A later leg may carry a newer far-end address (transfer); keep the latest.
            call.Cucm = cucm;
        }

        var wanted = channels.ToList();
        if (call.Open is { } open && !open.Finished && wanted.TrueForAll(c => !open.ChannelTaken[c]))
        {
            return open;
        }

        call.SegmentCount++;
        var relative = RecordingPaths.RelativePath(call.Id, call.SegmentCount, now);
        var writer = new WavFileWriter(Path.Combine(_recording.Directory, relative), SampleRate);
        var segment = new RecordingSegment(call, call.SegmentCount, now, _time.GetTimestamp(), writer, SampleRate, SampleRate * 20);
        call.Open = segment;
        PruneCalls(now);
        return segment;
    }

    private void PruneCalls(DateTimeOffset now)
    {
        if (_calls.Count < 1024)
        {
            return;
        }

        foreach (var (key, call) in _calls.ToList())
        {
            if (call.Open is null && now - call.LastActivity > TimeSpan.FromMinutes(_recording.ResumeWindowMinutes))
            {
                _calls.Remove(key);
            }
        }
    }

    private void FinishSegment(RecordingSegment segment, string reason, DateTimeOffset at)
    {
        RecordingFact? ended = null;
        lock (segment.Gate)
        {
            try
            {
                // The file's length is the segment's wall-clock length: silence after the last packet up to the end.
                var endPosition = (long)((at - segment.StartedAt).TotalSeconds * segment.SampleRate);
                segment.Timeline.FlushTo(Math.Max(segment.Timeline.End, endPosition));
                segment.Writer.Complete();
                ended = Fact(RecordingFactKind.SegmentEnded, segment, at) with
                {
                    SegmentEnd = at,
                    EndReason = reason,
                    AudioFile = RecordingPaths.RelativePath(segment.Recording.Id, segment.Index, segment.StartedAt),
                    AudioSeconds = segment.Writer.Duration.TotalSeconds,
                    Flags = FlagsOf(segment),
                    Tracks = [.. segment.Legs.SelectMany(l => l.Streams.Select(s => s.Quality(_time, l.AckTimestamp)))],
                };
                SipLog.SegmentFinished(_logger, segment.Recording.Id, segment.Index, segment.Writer.Duration.TotalSeconds);
            }
            catch (IOException ex)
            {
                SipLog.SegmentFinishFailed(_logger, segment.Recording.Id, segment.Index, ex);
            }
        }

        if (ended is not null)
        {
            _facts.Publish(ended);
        }
    }

    private static List<string> FlagsOf(RecordingSegment segment)
    {
        var flags = new List<string>();
        var streams = segment.Legs.SelectMany(l => l.Streams).ToList();
        if (streams.Exists(s => s.CodecMismatch > 0))
        {
            flags.Add("codec-mismatch");
        }

        if (streams.Exists(s => s.Packets == 0))
        {
            flags.Add("no-audio");
        }

        if (segment.Recording.Source == "cucm-bib" && !(segment.ChannelTaken[0] && segment.ChannelTaken[1]))
        {
            flags.Add("one-leg-missing");
        }

        return flags;
    }

    private static RecordingFact Fact(RecordingFactKind kind, RecordingSegment segment, DateTimeOffset at)
    {
        var cucm = segment.Recording.Cucm;
        return new RecordingFact
        {
            Kind = kind,
            RecordingId = segment.Recording.Id,
            SegmentIndex = segment.Index,
            OccurredAt = at,
            Source = segment.Recording.Source,
            AgentExtension = cucm?.NearEndAddress,
            FarEndAddress = cucm?.FarEndAddress,
            RefCi = cucm?.RefCi,
            XSessionId = cucm?.SessionId,
            NearEndDevice = cucm?.NearEndDevice,
            CallIds = [.. segment.Legs.Select(l => l.CallId)],
            SessionIds = [.. segment.Legs.Select(l => l.SessionIdHeader).OfType<string>()],
            CiscoGuids = [.. segment.Legs.Select(l => l.CiscoGuid).OfType<string>().Distinct()],
            SegmentStart = segment.StartedAt,
        };
    }

    private static int ChannelFor(CucmRecordingLeg? cucm, int mediaIndex) => cucm switch
    {
        { Direction: CucmLegDirection.NearEnd } => 0,
        { Direction: CucmLegDirection.FarEnd } => 1,
        _ => mediaIndex == 0 ? 0 : 1,
    };

    private IPAddress BindAddress(InviteContext context)
    {
        if (!string.IsNullOrEmpty(_media.ListenAddress) && IPAddress.TryParse(_media.ListenAddress, out var configured))
        {
            return configured;
        }

        return IPAddress.TryParse(_sip.ListenAddress, out var listen) ? listen : context.Peer.Local.Address;
    }

    private RtpReceiver? OpenReceiver(IPAddress address)
    {
        var socket = _ports.Bind(address);
        if (socket is null)
        {
            SipLog.RtpPortsExhausted(_logger);
            return null;
        }

        return new RtpReceiver(socket, _ports, _time, _logger);
    }

    private static InviteRejected Full() => new(503, "Service Unavailable", RetryAfterSeconds: 30);
}
