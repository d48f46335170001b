using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>Log messages of the media side. Event ids 1500–1599. No keys, numbers or payloads at Information level.</summary>
internal static partial class MediaLog
{
    [LoggerMessage(1500, LogLevel.Warning, "No audio on RTP port {Port} {Seconds} s after the ACK")]
    public static partial void NoAudio(ILogger logger, int port, int seconds);

    [LoggerMessage(1501, LogLevel.Information, "Audio arrived on RTP port {Port} after a no-audio alarm")]
    public static partial void AudioRestored(ILogger logger, int port);

    [LoggerMessage(1502, LogLevel.Information, "Repaired recording {File}: {Seconds:F1} s of audio kept")]
    public static partial void Repaired(ILogger logger, string file, double seconds);

    [LoggerMessage(1503, LogLevel.Error, "Repairing recording {File} failed")]
    public static partial void RepairFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(1504, LogLevel.Warning, "Segment sidecar {File} is unreadable; the repaired file is reported without call details")]
    public static partial void SidecarUnreadable(ILogger logger, string file);

    [LoggerMessage(1505, LogLevel.Debug, "RTP port {Port} latched to {Source}")]
    public static partial void Latched(ILogger logger, int port, System.Net.IPEndPoint source);

    [LoggerMessage(1506, LogLevel.Warning, "Writing segment sidecar {File} failed")]
    public static partial void SidecarFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(1507, LogLevel.Error, "{Codec} is in Media:Codecs but cannot be decoded: install Debian package {Package} ({Library}). Until then it is not offered, and its streams are flagged codec-mismatch")]
    public static partial void CodecUnavailable(ILogger logger, string codec, string package, string library);

    [LoggerMessage(1508, LogLevel.Information, "Recording codecs offered: {Codecs}")]
    public static partial void CodecsOffered(ILogger logger, string codecs);

    [LoggerMessage(1509, LogLevel.Warning, "RTP port {Port} receives the SSRC the client declared for another m-line: its streams are mixed up (segment flagged stream-mixup)")]
    public static partial void StreamMixup(ILogger logger, int port);

    [LoggerMessage(1510, LogLevel.Error, "Handling a datagram on RTP port {Port} failed; the packet is dropped")]
    public static partial void HandlerFailed(ILogger logger, int port, Exception exception);
}
