using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>An even RTP port and the odd RTCP port above it (RFC 3550 §11), bound together.</summary>
public sealed record RtpPortPair(Socket Rtp, Socket Rtcp)
{
    public int Port => ((IPEndPoint)Rtp.LocalEndPoint!).Port;
}
