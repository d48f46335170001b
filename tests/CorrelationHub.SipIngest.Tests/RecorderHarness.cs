using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>
/// The server with the real recording layer: real RTP sockets on loopback, real files in a temporary folder, facts
/// read from the real channel. Messages go in as bytes; what the server sends is captured.
/// </summary>
internal sealed class RecorderHarness : IDisposable
{
    private readonly MediaStreamFactory _factory;

    public RecorderHarness(TimeProvider? time = null, SipOptions? sip = null, bool batchedReceive = true)
    {
        Time = time ?? TimeProvider.System;
        Directory = Path.Combine(Path.GetTempPath(), "sipingest-tests-" + Guid.NewGuid().ToString("N")[..10]);
        var rtpBase = 42000 + (Random.Shared.Next(0, 80) * 200);
        var media = Microsoft.Extensions.Options.Options.Create(new MediaOptions { RtpPortMin = rtpBase, RtpPortMax = rtpBase + 199, ListenAddress = "127.0.0.1", BatchedReceive = batchedReceive });
        var recording = Microsoft.Extensions.Options.Options.Create(new RecordingOptions { Directory = Directory });
        Sip = sip ?? new SipOptions { ListenAddress = "127.0.0.1" };
        var sipOptions = Microsoft.Extensions.Options.Options.Create(Sip);
        Ports = new RtpPortPool(rtpBase, rtpBase + 199);
        _factory = new MediaStreamFactory(Ports, Time, media, recording, Facts, NullLogger<MediaStreamFactory>.Instance, RtpReceiveEngine.Create(media, NullLogger<RtpReceiveEngine>.Instance));
        Manager = new RecordingSessionManager(Time, Facts, _factory, media, recording, sipOptions, NullLogger<RecordingSessionManager>.Instance);
        Server = new SipServer(Sender, Manager, Time, sipOptions, new SipAdmission(Sip), Counters, NullLogger<SipServer>.Instance);
    }

    public TimeProvider Time { get; }

    public string Directory { get; }

    public SipOptions Sip { get; }

    public RtpPortPool Ports { get; }

    public ChannelRecordingFactSink Facts { get; } = new();

    public RecordingSender Sender { get; } = new();

    public SipCounters Counters { get; } = new();

    public RecordingSessionManager Manager { get; }

    public SipServer Server { get; }

    public List<RecordingFact> Seen { get; } = [];

    public ValueTask ReceiveAsync(string text, SipPeer? peer = null)
    {
        peer ??= Peers.Tcp();
        return Server.HandleAsync(Encoding.UTF8.GetBytes(text), peer, !peer.IsStream, CancellationToken.None);
    }

    /// <summary>Sends an INVITE and returns our 200 OK and the SDP in it.</summary>
    public async Task<(SipResponse Ok, SdpSession Sdp)> InviteAsync(string invite, SipPeer? peer = null)
    {
        var before = Sender.Responses.Count;
        await ReceiveAsync(invite, peer);

        // The segment's file is created off the SIP path, so the 200 may follow a moment later.
        var ok = await Eventually.Until(
            () => Task.FromResult(Sender.Responses.Skip(before).FirstOrDefault(r => r.StatusCode >= 200)),
            r => r is not null,
            TimeSpan.FromSeconds(10),
            "a final response to the INVITE");
        Assert.Equal(200, ok!.StatusCode);
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var sdp));
        return (ok, sdp);
    }

    /// <summary>The next fact of that kind (earlier facts of other kinds are kept in <see cref="Seen"/>).</summary>
    public async Task<RecordingFact> FactAsync(RecordingFactKind kind, int? segment = null)
    {
        if (Seen.Find(f => f.Kind == kind && (segment is null || f.SegmentIndex == segment)) is { } already)
        {
            Seen.Remove(already);
            return already;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var fact = await Facts.Reader.ReadAsync(timeout.Token);
            if (fact.Kind == kind && (segment is null || fact.SegmentIndex == segment))
            {
                return fact;
            }

            Seen.Add(fact);
        }
    }

    /// <summary>Facts published so far, without waiting.</summary>
    public List<RecordingFact> Drain()
    {
        while (Facts.Reader.TryRead(out var fact))
        {
            Seen.Add(fact);
        }

        return Seen;
    }

    /// <summary>Whether this harness receives RTP on the batched engine (epoll and recvmmsg).</summary>
    public bool Batched => _factory.Batched;

    public void Dispose()
    {
        Manager.Dispose();
        _factory.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
