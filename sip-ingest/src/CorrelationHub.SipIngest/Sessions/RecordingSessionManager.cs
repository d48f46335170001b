using System.Globalization;
using System.Net;
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
/// key after both legs ended (hold, then resume) is a new segment of the same recording. Media is the
/// <see cref="MediaStreamFactory"/>'s business: this class decides which file a stream belongs to.
/// </summary>
public sealed class RecordingSessionManager : IRecordingSessionHandler, IDisposable
{
    private readonly TimeProvider _time;
    private readonly IRecordingFactSink _facts;
    private readonly MediaStreamFactory _media;
    private readonly MediaOptions _mediaOptions;
    private readonly RecordingOptions _recording;
    private readonly SipOptions _sip;
    private readonly ILogger<RecordingSessionManager> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallRecording> _calls = [];
    private readonly HashSet<RecordingLeg> _liveLegs = [];
    private long _sdpSessionId = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public RecordingSessionManager(TimeProvider time, IRecordingFactSink facts, MediaStreamFactory media, IOptions<MediaOptions> mediaOptions, IOptions<RecordingOptions> recording, IOptions<SipOptions> sip, ILogger<RecordingSessionManager> logger)
    {
        _time = time;
        _facts = facts;
        _media = media;
        _mediaOptions = mediaOptions.Value;
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
        var streams = new List<StreamReceiver>();
        string localSdp;
        if (context.Offer is null)
        {
            // Delayed offer (CUCM BiB): we offer in the 200 OK; the answer comes in the ACK.
            var stream = _media.Open(bindAddress, ChannelFor(cucm, 0), RecorderSdp.OfferedPayloads(), awaitAnswer: true);
            if (stream is null)
            {
                return Full();
            }

            streams.Add(stream);
            localSdp = SdpWriter.Write(RecorderSdp.CreateOffer(context.AdvertisedAddress, stream.Port, sdpSessionId, 1, _mediaOptions.SrtpOffer));
        }
        else
        {
            var exhausted = false;
            var opened = new Dictionary<int, StreamReceiver>();
            var answer = RecorderSdp.Answer(context.Offer, context.AdvertisedAddress, sdpSessionId, 1, index =>
            {
                if (index > 1)
                {
                    return null;
                }

                var offered = context.Offer.Media[index];
                var stream = _media.Open(bindAddress, ChannelFor(cucm, index), RecorderSdp.PayloadsOf(offered));
                if (stream is null)
                {
                    exhausted = true;
                    return null;
                }

                opened[index] = stream;
                return stream.Port;
            });
            if (answer.Accepted.Count == 0)
            {
                foreach (var stream in opened.Values)
                {
                    stream.Dispose();
                }

                // RFC 3261 §21.4.26 with Warning 305 "Incompatible media format".
                return exhausted ? Full() : new InviteRejected(488, "Not Acceptable Here", "305 CorrelationHub \"no decodable audio stream offered\"");
            }

            foreach (var accepted in answer.Accepted)
            {
                var stream = opened[accepted.MediaIndex];
                stream.UpdatePayloads(accepted.Payloads);
                stream.UseSenderCrypto(RecorderSdp.ChooseCrypto(context.Offer.Media[accepted.MediaIndex]));
                stream.SetInactive(context.Offer.EffectiveDirection(context.Offer.Media[accepted.MediaIndex]) == SdpDirection.Inactive);
                streams.Add(stream);
            }

            localSdp = SdpWriter.Write(answer.Session);
        }

        RecordingLeg leg;
        lock (_gate)
        {
            var segment = SegmentFor(context, cucm, streams.Select(s => s.Channel));
            leg = new RecordingLeg(request.CallId!, localSdp, segment, cucm, request.Headers.Get(HeaderNames.SessionId), request.Headers.Get(HeaderNames.CiscoGuid), streams);
            foreach (var stream in streams)
            {
                segment.ChannelTaken[stream.Channel] = true;
                stream.Attach(segment.Recorder);
                stream.Start();
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
        var now = _time.GetTimestamp();
        for (var i = 0; i < leg.Streams.Count; i++)
        {
            leg.Streams[i].MarkAck(now);
            if (answer is not null && i < answer.Media.Count)
            {
                // Delayed offer: the ACK's answer says which payload types the sender uses. CUCM adds
                // telephone-event we never offered (bending RFC 3264); accept what it says.
                leg.Streams[i].UpdatePayloads(RecorderSdp.PayloadsOf(answer.Media[i]));
            }

            // RFC 4568 §7.1: decrypt with the key the sender advertised (delayed offer: in this answer).
            leg.Streams[i].OnAnswer(answer is not null && i < answer.Media.Count ? RecorderSdp.ChooseCrypto(answer.Media[i]) : null);
        }

        RecordingFact? started = null;
        lock (_gate)
        {
            if (!leg.Segment.StartPublished)
            {
                leg.Segment.StartPublished = true;
                started = Fact(RecordingFactKind.SegmentStarted, leg.Segment, at);
            }
        }

        if (started is not null)
        {
            leg.Segment.Recorder.Started(started);
            _facts.Publish(started);
        }
    }

    public void OnEnd(IRecordingLegHandle handle, string reason, string? causeHeader, DateTimeOffset at)
    {
        var leg = (RecordingLeg)handle;

        // Stop the receivers before taking any lock: a receiver may be waiting on the recorder's gate.
        foreach (var stream in leg.Streams)
        {
            stream.Dispose();
        }

        var segment = leg.Segment;
        bool finish;
        lock (_gate)
        {
            _liveLegs.Remove(leg);
            leg.Ended = true;
            finish = !segment.Closed && segment.Legs.TrueForAll(l => l.Ended);
            if (finish)
            {
                segment.Closed = true;
                if (ReferenceEquals(segment.Recording.Open, segment))
                {
                    segment.Recording.Open = null;
                }

                segment.Recording.LastActivity = at;
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
        if (call.Open is { } open && !open.Closed && wanted.TrueForAll(c => !open.ChannelTaken[c]))
        {
            return open;
        }

        call.SegmentCount++;
        var relative = RecordingPaths.RelativePath(call.Id, call.SegmentCount, now);
        var segment = new RecordingSegment(call, call.SegmentCount, relative, _media.CreateRecorder(relative, now));
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
        double seconds;
        try
        {
            lock (segment.Recorder.Gate)
            {
                seconds = segment.Recorder.Finish(at);
            }
        }
        catch (IOException ex)
        {
            SipLog.SegmentFinishFailed(_logger, segment.Recording.Id, segment.Index, ex);
            return;
        }

        SipLog.SegmentFinished(_logger, segment.Recording.Id, segment.Index, seconds);
        _facts.Publish(Fact(RecordingFactKind.SegmentEnded, segment, at) with
        {
            SegmentEnd = at,
            EndReason = reason,
            AudioFile = segment.RelativePath,
            AudioSeconds = seconds,
            Flags = FlagsOf(segment),
            Tracks = [.. segment.Legs.SelectMany(l => l.Streams.Select(s => s.Quality()))],
        });
    }

    private static List<string> FlagsOf(RecordingSegment segment)
    {
        var flags = new List<string>();
        var streams = segment.Legs.SelectMany(l => l.Streams).ToList();
        flags.AddRange(streams.SelectMany(s => s.Flags()).Distinct());

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
        if (!string.IsNullOrEmpty(_mediaOptions.ListenAddress) && IPAddress.TryParse(_mediaOptions.ListenAddress, out var configured))
        {
            return configured;
        }

        return IPAddress.TryParse(_sip.ListenAddress, out var listen) ? listen : context.Peer.Local.Address;
    }

    private static InviteRejected Full() => new(503, "Service Unavailable", RetryAfterSeconds: 30);
}
