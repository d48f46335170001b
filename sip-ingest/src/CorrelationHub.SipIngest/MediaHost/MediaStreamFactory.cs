using System.Net;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>What the recording sessions ask of the media side: a recorder per segment, a receiver per m-line.</summary>
public sealed class MediaStreamFactory
{
    public const int SampleRate = 8000;

    private readonly RtpPortPool _ports;
    private readonly TimeProvider _time;
    private readonly MediaOptions _options;
    private readonly RecordingOptions _recording;
    private readonly ILogger<MediaStreamFactory> _logger;

    public MediaStreamFactory(RtpPortPool ports, TimeProvider time, IOptions<MediaOptions> options, IOptions<RecordingOptions> recording, ILogger<MediaStreamFactory> logger)
    {
        _ports = ports;
        _time = time;
        _options = options.Value;
        _recording = recording.Value;
        _logger = logger;
    }

    /// <summary>Creates the segment's file under <c>Recording:Directory</c> at <paramref name="relativePath"/>.</summary>
    public SegmentRecorder CreateRecorder(string relativePath, DateTimeOffset startedAt) =>
        new(Path.Combine(_recording.Directory, relativePath), startedAt, _time, SampleRate, _options.JitterAllowanceMilliseconds);

    /// <summary>Binds an RTP port for one m-line; null when the port range is exhausted. Attach it to a segment, then start it.</summary>
    public StreamReceiver? Open(IPAddress address, int channel, IReadOnlyDictionary<int, RtpMap> payloads)
    {
        var socket = _ports.Bind(address);
        if (socket is null)
        {
            SipLog.RtpPortsExhausted(_logger);
            return null;
        }

        return new StreamReceiver(channel, new RtpReceiver(socket, _ports, _time, _logger), payloads, _time);
    }
}
