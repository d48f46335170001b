using System.Net;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// What the recording sessions ask of the media side: a recorder per segment, a receiver per m-line. It owns the
/// batched receive engine when there is one (disposed with it, after the sessions that use it).
/// </summary>
public sealed class MediaStreamFactory : IDisposable
{
    private readonly RtpPortPool _ports;
    private readonly TimeProvider _time;
    private readonly MediaOptions _options;
    private readonly RecordingOptions _recording;
    private readonly IRecordingFactSink _facts;
    private readonly ILogger<MediaStreamFactory> _logger;
    private readonly RtpReceiveEngine? _engine;

    public MediaStreamFactory(RtpPortPool ports, TimeProvider time, IOptions<MediaOptions> options, IOptions<RecordingOptions> recording, IRecordingFactSink facts, ILogger<MediaStreamFactory> logger, RtpReceiveEngine? engine = null)
    {
        _engine = engine;
        _ports = ports;
        _time = time;
        _options = options.Value;
        _recording = recording.Value;
        _facts = facts;
        _logger = logger;
    }

    /// <summary>Creates the segment's recorder for <paramref name="relativePath"/> under <c>Recording:Directory</c> (the file appears with the first audio).</summary>
    public SegmentRecorder CreateRecorder(string relativePath, DateTimeOffset startedAt) =>
        new(Path.Combine(_recording.Directory, relativePath), startedAt, _time, _recording.SampleRate, _options.JitterAllowanceMilliseconds, _facts, _recording.OpusSampleRate);

    /// <summary>
    /// Binds an RTP/RTCP port pair for one m-line; null when the port range is exhausted. Attach it to a segment, then
    /// start it. <paramref name="awaitAnswer"/>: our delayed offer; packets wait for the sender's SDP in the ACK.
    /// </summary>
    public StreamReceiver? Open(IPAddress address, int channel, IReadOnlyDictionary<int, RtpMap> payloads, bool awaitAnswer = false)
    {
        var pair = _ports.Bind(address);
        if (pair is null)
        {
            SipLog.RtpPortsExhausted(_logger);
            return null;
        }

        var port = pair.Port;
        var rtp = new RtpReceiver(pair.Rtp, _time, _logger, () => _ports.Release(port), _engine);
        var rtcp = new RtpReceiver(pair.Rtcp, _time, _logger, engine: _engine);
        return new StreamReceiver(channel, rtp, rtcp, payloads, _time, _options, _logger, awaitAnswer, _recording.MaskDtmf);
    }

    /// <summary>Whether receivers use the batched engine (epoll and recvmmsg) rather than a loop per socket.</summary>
    public bool Batched => _engine is not null;

    public void Dispose() => _engine?.Dispose();
}
