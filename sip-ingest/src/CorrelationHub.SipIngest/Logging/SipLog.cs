using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.Logging;

/// <summary>
/// Log messages of the SIP side. Event ids 1000–1999. Information level never carries phone numbers, keys or bodies;
/// extensions and numbers appear only at Debug.
/// </summary>
internal static partial class SipLog
{
    [LoggerMessage(1000, LogLevel.Information, "SIP listening on {Transport} {Endpoint}")]
    public static partial void Listening(ILogger logger, string transport, System.Net.IPEndPoint endpoint);

    [LoggerMessage(1001, LogLevel.Warning, "UDP receive error {Error}")]
    public static partial void UdpReceiveError(ILogger logger, SocketError error);

    [LoggerMessage(1002, LogLevel.Error, "Handling a SIP message from {Transport} failed")]
    public static partial void HandlerFailed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(1003, LogLevel.Warning, "Closing {Transport} connection: {Reason}")]
    public static partial void StreamFramingFailed(ILogger logger, string transport, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "TCP accept failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(1005, LogLevel.Warning, "TLS handshake with {Remote} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, System.Net.IPEndPoint remote, string reason);

    [LoggerMessage(1006, LogLevel.Information, "TLS certificate {Subject} (expires {NotAfter:yyyy-MM-dd}) loaded for SIP over TLS")]
    public static partial void TlsCertificateLoaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(1007, LogLevel.Warning, "Could not connect over {Transport} to {Remote} to send a request")]
    public static partial void ConnectFailed(ILogger logger, string transport, System.Net.IPEndPoint remote);

    [LoggerMessage(1010, LogLevel.Debug, "Malformed SIP from {Remote}: {Error} {Detail}")]
    public static partial void Malformed(ILogger logger, System.Net.IPEndPoint remote, Sip.Messages.SipParseError error, string? detail);

    [LoggerMessage(1011, LogLevel.Information, "Recording leg accepted: call {CallId} ({Direction})")]
    public static partial void LegAccepted(ILogger logger, string callId, string direction);

    [LoggerMessage(1012, LogLevel.Information, "Recording leg ended: call {CallId}, reason {Reason}")]
    public static partial void LegEnded(ILogger logger, string callId, string reason);

    [LoggerMessage(1013, LogLevel.Warning, "No ACK for the 200 OK of call {CallId} within 64*T1; ending the leg with BYE")]
    public static partial void AckTimeout(ILogger logger, string callId);

    [LoggerMessage(1014, LogLevel.Information, "INVITE rejected with {StatusCode}: {Reason}")]
    public static partial void InviteRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(1015, LogLevel.Information, "INVITE of call {CallId} cancelled before it was answered")]
    public static partial void InviteCancelled(ILogger logger, string callId);

    [LoggerMessage(1016, LogLevel.Warning, "New recordings refused with 503: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(1017, LogLevel.Warning, "Ending call {CallId}: {Reason}; sending BYE")]
    public static partial void Reaped(ILogger logger, string callId, string reason);

    [LoggerMessage(1018, LogLevel.Information, "BYE for call {CallId} answered {StatusCode}")]
    public static partial void ByeAnswered(ILogger logger, string callId, int statusCode);

    [LoggerMessage(1019, LogLevel.Information, "Metadata of call {CallId} refused: {Reason}")]
    public static partial void MetadataRefused(ILogger logger, string callId, string reason);

    [LoggerMessage(1020, LogLevel.Information, "Recording {RecordingId} segment {SegmentIndex} finished: {Seconds:F1} s written")]
    public static partial void SegmentFinished(ILogger logger, string recordingId, int segmentIndex, double seconds);

    [LoggerMessage(1021, LogLevel.Error, "Finishing recording {RecordingId} segment {SegmentIndex} failed")]
    public static partial void SegmentFinishFailed(ILogger logger, string recordingId, int segmentIndex, Exception exception);

    [LoggerMessage(1022, LogLevel.Error, "Creating the audio file of recording {RecordingId} failed; answering 503")]
    public static partial void RecorderCreateFailed(ILogger logger, string recordingId, Exception exception);

    [LoggerMessage(1023, LogLevel.Warning, "SIPREC metadata of call {CallId} is not usable ({Reason}); recording without it")]
    public static partial void MetadataInvalid(ILogger logger, string callId, string reason);

    [LoggerMessage(1024, LogLevel.Debug, "Call {CallId}: agent {Agent}, far end {FarEnd}, rule {Rule}")]
    public static partial void SiprecRoles(ILogger logger, string callId, string? agent, string? farEnd, string rule);

    [LoggerMessage(1030, LogLevel.Warning, "RTP port range exhausted")]
    public static partial void RtpPortsExhausted(ILogger logger);

    [LoggerMessage(1031, LogLevel.Warning, "RTP receive error on port {Port}: {Error}")]
    public static partial void RtpReceiveError(ILogger logger, int port, SocketError error);

    [LoggerMessage(1040, LogLevel.Warning, "Drain mode {State}: OPTIONS and new INVITEs get 503")]
    public static partial void DrainChanged(ILogger logger, string state);
}
