using System.Net;
using CorrelationHub.Media.Rtp;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.MediaHost;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One received m-line: its RTP port, negotiated payload types, timeline clock and counts.</summary>
internal sealed class ReceivedStream
{
    public ReceivedStream(int channel, RtpReceiver receiver, IReadOnlyDictionary<int, RtpMap> payloadMap, int sampleRate, TimeSpan maxDrift)
    {
        Channel = channel;
        Receiver = receiver;
        PayloadMap = payloadMap;
        Clock = new RtpTrackClock(sampleRate, maxDrift);
    }

    /// <summary>0 = left (agent), 1 = right (far end).</summary>
    public int Channel { get; }

    public RtpReceiver Receiver { get; }

    /// <summary>Replaced when the answer (ACK) or a re-INVITE changes what was negotiated.</summary>
    public IReadOnlyDictionary<int, RtpMap> PayloadMap { get; set; }

    public RtpTrackClock Clock { get; }

    public IPEndPoint? Source { get; set; }

    public long Packets { get; set; }

    public long Malformed { get; set; }

    public long CodecMismatch { get; set; }

    public long TelephoneEvents { get; set; }

    public long ComfortNoise { get; set; }

    public string? Codec { get; set; }

    public long? FirstPacketTimestamp { get; set; }

    public TrackQuality Quality(TimeProvider time, long? ackTimestamp) => new()
    {
        Channel = Channel,
        Codec = Codec,
        Packets = Packets,
        CodecMismatchPackets = CodecMismatch,
        TelephoneEvents = TelephoneEvents,
        ComfortNoise = ComfortNoise,
        SsrcChanges = Clock.SsrcChanges,
        FirstPacketDelayMs = FirstPacketTimestamp is { } first && ackTimestamp is { } ack
            ? Math.Max(0, time.GetElapsedTime(ack, first).TotalMilliseconds)
            : null,
    };
}
