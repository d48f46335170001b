using System.Globalization;
using System.Net;
using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// Turns accepted dialogs into recordings. CUCM legs pair by x-refci and agent address (<see cref="CucmRecordingLeg.PairKey"/>),
/// whichever arrives first; the near-end leg is the left channel, the far-end leg the right; a new pair with the same
/// key after both legs ended (hold, then resume) is a new segment of the same recording. A SIPREC session is one
/// recording whose agent stream goes left, chosen from its metadata (<see cref="SiprecRoles"/>). Media is the
/// <see cref="MediaStreamFactory"/>'s business: this class decides which file and channel a stream belongs to, and
/// reports what it learns as <see cref="RecordingFact"/>s.
/// </summary>
public sealed partial class RecordingSessionManager : IRecordingSessionHandler, IDisposable
{
    /// <summary>
    /// Finishing a file waits on the disk (an fsync, ~2 ms): I/O-bound, so several workers overlap the waits
    /// (measured with scripts/bench/sip-cps.sh).
    /// </summary>
    private static readonly int FinisherWorkers = Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>Stopping a receiver waits ~1 ms for its loop; a lane of its own frees RTP ports without queueing behind fsyncs.</summary>
    private const int StopperWorkers = 4;

    /// <summary>Creating a segment's file (~0.3 ms, longer on a slow share) happens on a lane of its own, off the SIP path and off the thread pool.</summary>
    private const int CreatorWorkers = 4;

    private readonly TimeProvider _time;
    private readonly IRecordingFactSink _facts;
    private readonly MediaStreamFactory _media;
    private readonly StreamPlanner _planner;
    private readonly MediaOptions _mediaOptions;
    private readonly RecordingOptions _recording;
    private readonly SipOptions _sip;
    private readonly ILogger<RecordingSessionManager> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallRecording> _calls = [];
    private readonly HashSet<RecordingLeg> _liveLegs = [];
    private readonly SegmentFinisher _finisher;
    private readonly SegmentFinisher _stopper;
    private readonly SegmentFinisher _creator;
    private long _sdpSessionId = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private int _disposed;

    public RecordingSessionManager(TimeProvider time, IRecordingFactSink facts, MediaStreamFactory media, IOptions<MediaOptions> mediaOptions, IOptions<RecordingOptions> recording, IOptions<SipOptions> sip, ILogger<RecordingSessionManager> logger)
    {
        _time = time;
        _facts = facts;
        _media = media;
        _planner = new StreamPlanner(media, mediaOptions.Value, sip.Value);
        _mediaOptions = mediaOptions.Value;
        _recording = recording.Value;
        _sip = sip.Value;
        _logger = logger;
        _finisher = new SegmentFinisher("sip-finisher", FinisherWorkers, ex => SipLog.HandlerFailed(_logger, "finisher", ex));
        _stopper = new SegmentFinisher("rtp-stopper", StopperWorkers, ex => SipLog.HandlerFailed(_logger, "stopper", ex));
        _creator = new SegmentFinisher("sip-file-creator", CreatorWorkers, ex => SipLog.HandlerFailed(_logger, "creator", ex));
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

    /// <summary>RTP packets received so far by the legs recording now (an "RTP seen" signal for health and tests).</summary>
    public long LiveMediaPackets
    {
        get
        {
            List<RecordingLeg> legs;
            lock (_gate)
            {
                legs = [.. _liveLegs];
            }

            return legs.Sum(l => l.Streams.Sum(s => s.Receiver.Packets));
        }
    }

    /// <summary>Work queued for the finisher (legs ending, files being finalised).</summary>
    public long PendingFinishes => _finisher.Pending + _stopper.Pending;

    public async ValueTask<InviteOutcome> OnInviteAsync(InviteContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        CucmRecordingLeg.TryRead(request.From, out var cucm);

        // A CUCM leg relayed by CUBE's media proxy keeps its x-parameters and is recorded as a CUCM leg.
        var siprec = context.IsSiprec && cucm is null;
        var metadata = siprec && context.Metadata is { IsOk: true } parsed ? parsed.Metadata : null;
        if (siprec && context.Metadata is { Status: MetadataParseStatus.Invalid } invalid)
        {
            SipLog.MetadataInvalid(_logger, request.CallId!, invalid.Error ?? "invalid");
        }

        var sdpSessionId = Interlocked.Increment(ref _sdpSessionId).ToString(CultureInfo.InvariantCulture);
        var plan = _planner.Plan(context, cucm, siprec, metadata, sdpSessionId);
        if (plan.Rejected is { } rejected)
        {
            return rejected;
        }

        RecordingLeg leg;
        lock (_gate)
        {
            var segment = SegmentFor(context, cucm, siprec, plan.Streams.Select(s => s.Receiver.Channel));
            leg = new RecordingLeg(request.CallId!, segment, cucm, siprec, plan.Streams)
            {
                LocalSdp = plan.Sdp,
                SdpSessionId = sdpSessionId,
                AdvertisedAddress = context.AdvertisedAddress,
                WeOffered = context.Offer is null,
                SessionIdHeader = request.Headers.Get(HeaderNames.SessionId),
                CiscoGuid = request.Headers.Get(HeaderNames.CiscoGuid),
                SignallingPeer = context.Peer.Remote.Address.ToString(),
                HeaderVendorIds = VendorHeaders(request),
            };
            foreach (var stream in plan.Streams)
            {
                segment.ChannelTaken[stream.Receiver.Channel] = true;
            }

            if (siprec)
            {
                var call = segment.Recording;
                call.Metadata = metadata is null ? call.Metadata : RecordingMetadata.Merge(call.Metadata, metadata);
                call.Roles = plan.Roles ?? call.Roles;
                call.LastRawMetadata = context.Body.Metadata ?? call.LastRawMetadata;
                call.MetadataInvalid |= context.Metadata is { Status: MetadataParseStatus.Invalid };
            }

            segment.Legs.Add(leg);
            _liveLegs.Add(leg);
        }

        SegmentRecorder recorder;
        try
        {
            // The file is created off the SIP path (the creator lane, see SegmentFor); a CANCEL may arrive meanwhile.
            recorder = await leg.Segment.RecorderReady.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SipLog.RecorderCreateFailed(_logger, leg.Segment.Recording.Id, ex);
            Release(leg, LegEndReason.Cancelled, _time.GetUtcNow());
            return new InviteRejected(503, "Service Unavailable", "399 CorrelationHub \"recording storage unavailable\"", _sip.RetryAfterSeconds);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Release(leg, LegEndReason.Cancelled, _time.GetUtcNow());
            return new InviteRejected(487, "Request Terminated");
        }

        foreach (var stream in leg.Streams)
        {
            stream.Receiver.Attach(recorder);
            stream.Receiver.Start();
        }

        if (siprec && leg.Segment.Recording.Roles is { } roles)
        {
            var call = leg.Segment.Recording;
            SipLog.SiprecRoles(_logger, leg.CallId, roles.Agent(call.Metadata)?.Number, roles.FarEnd(call.Metadata)?.Number, roles.Rule);
        }

        SipLog.LegAccepted(_logger, leg.CallId, cucm?.Direction.ToString() ?? (siprec ? "siprec" : "plain"));
        return new InviteAccepted(leg.LocalSdp, leg);
    }

    public LegActivity Activity(IRecordingLegHandle handle)
    {
        var leg = (RecordingLeg)handle;
        List<LegStream> streams;
        bool expects;
        lock (_gate)
        {
            streams = [.. leg.Streams];
            expects = leg.Acked && !leg.AnswerMissing && !leg.Ended && streams.Exists(s => s.Direction != Sip.Sdp.SdpDirection.Inactive);
        }

        long packets = 0;
        foreach (var stream in streams)
        {
            packets += stream.Receiver.Packets;
        }

        return new LegActivity(packets, expects);
    }

    private RecordingSegment SegmentFor(InviteContext context, CucmRecordingLeg? cucm, bool siprec, IEnumerable<int> channels)
    {
        var key = cucm is not null ? "cucm|" + cucm.PairKey : (siprec ? "siprec|" : "call|") + context.Request.CallId;
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
        var created = new TaskCompletionSource<SegmentRecorder>(TaskCreationOptions.RunContinuationsAsynchronously);
        _creator.Enqueue(() =>
        {
            try
            {
                created.SetResult(_media.CreateRecorder(relative, now));
            }
            catch (Exception ex)
            {
                created.SetException(ex);
            }
        });
        var segment = new RecordingSegment(call, call.SegmentCount, relative, now, created.Task);
        call.Open = segment;
        return segment;
    }

    private static Dictionary<string, string> VendorHeaders(SipRequest request)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "X-Genesys-CallUUID", "X-AUDC-Call-ID", "User-to-User" })
        {
            if (request.Headers.Get(name) is { Length: > 0 } value)
            {
                ids[name] = value.Length > 256 ? value[..256] : value;
            }
        }

        return ids;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<RecordingLeg> legs;
        lock (_gate)
        {
            legs = [.. _liveLegs];
        }

        foreach (var leg in legs)
        {
            OnEnd(leg, new LegEnd(LegEndReason.Shutdown, _time.GetUtcNow()));
        }

        // Every queued file is finalised before the host goes away (no finished audio is lost).
        _creator.DrainAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _stopper.DrainAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _finisher.DrainAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _creator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stopper.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _finisher.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
