using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>A <see cref="SipServer"/> on a fake clock, sending into a <see cref="RecordingSender"/>.</summary>
internal sealed class ServerHarness
{
    public ServerHarness(SipOptions? options = null, IRecordingSessionHandler? sessions = null)
    {
        Options = options ?? new SipOptions();
        Admission = new SipAdmission(Options);
        Sessions = sessions as AcceptingSessions ?? new AcceptingSessions();
        Server = new SipServer(Sender, sessions ?? Sessions, Time, Microsoft.Extensions.Options.Options.Create(Options), Admission, Counters, NullLogger<SipServer>.Instance);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingSender Sender { get; } = new();

    public AcceptingSessions Sessions { get; }

    public SipCounters Counters { get; } = new();

    public SipOptions Options { get; }

    public SipAdmission Admission { get; }

    public SipServer Server { get; }

    public ValueTask ReceiveAsync(string text, SipPeer? peer = null)
    {
        peer ??= Peers.Tcp();
        return Server.HandleAsync(Encoding.UTF8.GetBytes(text), peer, !peer.IsStream, CancellationToken.None);
    }

    public ValueTask ReceiveUdpAsync(string text) => ReceiveAsync(text, Peers.Udp());

    /// <summary>Sends the INVITE and returns the To tag of the 200 OK.</summary>
    public async Task<string> EstablishAsync(string invite, SipPeer? peer = null)
    {
        await ReceiveAsync(invite, peer);
        return Sender.Last(200).To!.Tag!;
    }

    public void Advance(TimeSpan by) => Time.Advance(by);
}
