using System.Collections.Concurrent;
using System.Net;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Records what the server sends instead of putting it on a socket.</summary>
internal sealed class RecordingSender : ISipSender
{
    public ConcurrentQueue<(SipResponse Response, SipPeer Destination)> Sent { get; } = new();

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken = default)
    {
        var parsed = SipParser.Parse(data.Span);
        Assert.True(parsed.IsValid, $"the server sent an unparseable message: {parsed.Error}");
        Sent.Enqueue(((SipResponse)parsed.Message!, destination));
        return ValueTask.FromResult(true);
    }

    public List<SipResponse> Responses => [.. Sent.Select(s => s.Response)];
}

/// <summary>A recording layer that accepts everything and remembers the calls it got.</summary>
internal sealed class AcceptingSessions : IRecordingSessionHandler
{
    public List<InviteContext> Invites { get; } = [];

    public List<(IRecordingLegHandle Leg, SdpSession? Answer)> Acks { get; } = [];

    public List<(IRecordingLegHandle Leg, string Reason, string? Cause)> Ends { get; } = [];

    public InviteOutcome OnInvite(InviteContext context)
    {
        Invites.Add(context);
        return new InviteAccepted("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\na=recvonly\r\n", new Leg(context.Request.CallId!));
    }

    public void OnAck(IRecordingLegHandle leg, SdpSession? answer, DateTimeOffset at) => Acks.Add((leg, answer));

    public void OnEnd(IRecordingLegHandle leg, string reason, string? causeHeader, DateTimeOffset at) => Ends.Add((leg, reason, causeHeader));

    private sealed record Leg(string CallId) : IRecordingLegHandle
    {
        public string LocalSdp => "v=0\r\n";
    }
}

internal static class Peers
{
    public static SipPeer Udp(int port = 5090) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.100"), port), new IPEndPoint(IPAddress.Loopback, 5060));

    public static SipPeer Tcp() => new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("127.0.0.100"), 40000), new IPEndPoint(IPAddress.Loopback, 5060), 7);
}
