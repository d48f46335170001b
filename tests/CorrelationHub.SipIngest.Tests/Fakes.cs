using System.Collections.Concurrent;
using System.Net;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Records what the server sends instead of putting it on a socket.</summary>
internal sealed class RecordingSender : ISipSender
{
    public ConcurrentQueue<(SipMessage Message, SipPeer Destination)> Sent { get; } = new();

    public HashSet<long> ClosedConnections { get; } = [];

    public List<(SipTransportKind Transport, IPEndPoint Remote)> Connects { get; } = [];

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken = default)
    {
        var parsed = SipParser.Parse(data.Span);
        Assert.True(parsed.IsValid, $"the server sent an unparseable message: {parsed.Error} {parsed.Detail}");
        Sent.Enqueue((parsed.Message!, destination));
        return ValueTask.FromResult(true);
    }

    public bool IsOpen(SipPeer peer) => !peer.IsStream || !ClosedConnections.Contains(peer.ConnectionId);

    public ValueTask<SipPeer?> ConnectAsync(SipTransportKind transport, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        Connects.Add((transport, remote));
        return ValueTask.FromResult<SipPeer?>(new SipPeer(transport, remote, new IPEndPoint(IPAddress.Loopback, 41000), 99));
    }

    public List<SipResponse> Responses => [.. Sent.Select(s => s.Message).OfType<SipResponse>()];

    public List<SipRequest> Requests => [.. Sent.Select(s => s.Message).OfType<SipRequest>()];

    public List<int> Statuses => [.. Responses.Select(r => r.StatusCode)];

    public SipResponse Last(int status) => Responses.Last(r => r.StatusCode == status);
}

/// <summary>
/// A recording layer that accepts everything and remembers the calls it got. With <see cref="Hold"/> set, INVITE
/// setups stay pending until released, like a slow disk.
/// </summary>
internal sealed class AcceptingSessions : IRecordingSessionHandler
{
    public const string Answer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\na=recvonly\r\n";

    public List<InviteContext> Invites { get; } = [];

    public List<CancellationToken> InviteTokens { get; } = [];

    public List<(IRecordingLegHandle Leg, SdpSession? Answer)> Acks { get; } = [];

    public List<DialogUpdate> Updates { get; } = [];

    public List<(IRecordingLegHandle Leg, LegEnd End)> Ends { get; } = [];

    public bool Hold { get; set; }

    public TaskCompletionSource<InviteOutcome>? Pending { get; private set; }

    public InviteOutcome? Outcome { get; set; }

    public LegActivity Activity { get; set; } = new(0, false);

    public bool Siprec { get; set; }

    public InviteOutcome Accept(string callId) => new InviteAccepted(Answer, new Leg(callId, Siprec));

    public ValueTask<InviteOutcome> OnInviteAsync(InviteContext context, CancellationToken cancellationToken)
    {
        Invites.Add(context);
        InviteTokens.Add(cancellationToken);
        if (Hold)
        {
            Pending = new TaskCompletionSource<InviteOutcome>();
            return new ValueTask<InviteOutcome>(Pending.Task);
        }

        return ValueTask.FromResult(Outcome ?? Accept(context.Request.CallId!));
    }

    public void OnAck(IRecordingLegHandle leg, SdpSession? answer, DateTimeOffset at) => Acks.Add((leg, answer));

    public DialogUpdateOutcome OnDialogUpdate(IRecordingLegHandle leg, DialogUpdate update)
    {
        Updates.Add(update);
        return new DialogUpdateAccepted(update.Offer is not null || update.IsReInvite ? leg.LocalSdp : null);
    }

    public void OnEnd(IRecordingLegHandle leg, LegEnd end) => Ends.Add((leg, end));

    LegActivity IRecordingSessionHandler.Activity(IRecordingLegHandle leg) => Activity;

    public sealed record Leg(string CallId, bool IsSiprec) : IRecordingLegHandle
    {
        public string LocalSdp => Answer;
    }
}

internal static class Peers
{
    public static SipPeer Udp(int port = 5090) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("127.0.0.100"), port), new IPEndPoint(IPAddress.Loopback, 5060));

    public static SipPeer Tcp() => new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("127.0.0.100"), 40000), new IPEndPoint(IPAddress.Loopback, 5060), 7);
}
