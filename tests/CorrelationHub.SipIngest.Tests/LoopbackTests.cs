using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>The composed ingest on real loopback sockets: UDP, TCP and TLS (docs/interop.md TR-1..TR-7, T26, T29, T33).</summary>
public sealed class LoopbackTests
{
    private static readonly Lazy<X509Certificate2> ServerCertificate = new(() => TestCertificates.Create("correlationhub-srs"));
    private static readonly Lazy<X509Certificate2> ClientCertificate = new(() => TestCertificates.Create("cucm-callmanager"));

    private static string Near => Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");

    private static Dictionary<string, string?> Tls(Dictionary<string, string?>? extra = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sipingest-cert-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?>
        {
            ["Sip:TlsCertificatePath"] = TestCertificates.WritePfx(ServerCertificate.Value, directory, "pfx-secret"),
            ["Sip:TlsCertificatePassword"] = "pfx-secret",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Tls)]
    public async Task A_cucm_leg_is_recorded_over_every_transport(SipTransportKind transport)
    {
        await using var host = await LoopbackHost.StartAsync(Tls());
        await using var client = await LoopbackClient.ConnectAsync(transport, host.EndpointFor(transport));

        var call = System.Diagnostics.Stopwatch.StartNew();
        await client.SendAsync(client.Adapt(Near));
        var trying = await client.ExpectAsync(100);
        Assert.Equal("1776674248", trying.Headers.Get(HeaderNames.Timestamp));
        var ok = await client.ExpectAsync(200);
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var offer));
        var media = new IPEndPoint(IPAddress.Parse(offer.EffectiveAddress(offer.Media[0])!), offer.Media[0].Port);
        Assert.Contains(";transport=" + (transport == SipTransportKind.Udp ? "udp" : client.Token.ToLowerInvariant()), ok.Headers.Get(HeaderNames.Contact) + (transport == SipTransportKind.Udp ? ";transport=udp" : string.Empty));

        var tag = ok.To!.Tag!;
        await client.SendAsync(client.Adapt(Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip").WithToTag(tag)));
        await RtpPackets.SendToneAsync(media, Tone.Sine(440, 8000, 8000), 0x4242);

        // Hang up once the recorder has taken in the tone (on a busy machine its receive loop may lag the sender).
        await Eventually.Until(() => Task.FromResult(host.Sessions.LiveMediaPackets), p => p >= 50, TimeSpan.FromSeconds(10), "the tone's 50 packets to be received");
        await client.SendAsync(client.Adapt(Messages.Fixture("cucm-bib-nearend-bye.sip").WithToTag(tag)));
        await client.ExpectAsync(200, "BYE");
        var callSeconds = call.Elapsed.TotalSeconds;

        var ended = await host.FactAsync(RecordingFactKind.SegmentEnded);
        var wav = WavData.Parse(await File.ReadAllBytesAsync(Path.Combine(host.Directory, "recordings", ended.AudioFile!)));
        Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 1e6, "the agent's tone on the left channel");

        // The file holds the second of tone and lasts as long as the call, INVITE to BYE (however slow this machine is).
        Assert.InRange(wav.ChannelSamples[0].Length / 8000.0, 0.95, callSeconds + 0.5);
    }

    [Fact]
    public async Task Research_t29_a_lost_ack_means_200_retransmissions_then_our_bye_on_the_same_tls_connection()
    {
        await using var host = await LoopbackHost.StartAsync(Tls(new() { ["Sip:T1Milliseconds"] = "20", ["Sip:T2Milliseconds"] = "160" }));
        await using var client = await LoopbackClient.ConnectAsync(SipTransportKind.Tls, host.EndpointFor(SipTransportKind.Tls));
        await client.SendAsync(client.Adapt(Near));

        var oks = 0;
        SipRequest? bye = null;
        while (bye is null)
        {
            switch (await client.ReceiveAsync())
            {
                case SipResponse { StatusCode: 200 }:
                    oks++;
                    break;
                case SipRequest { Method: "BYE" } request:
                    bye = request;
                    break;
            }
        }

        Assert.True(oks >= 5, $"the 200 OK was sent {oks} times");
        Assert.Equal("sip:61001@127.0.0.100:" + client.Local.Port + ";transport=tls", bye.RequestUri);
        await client.RespondAsync(bye, 200);
        var ended = await host.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Equal("no-ack", ended.EndReason);
        await Eventually.Until(() => Task.FromResult(host.Counters.ByesSent.Value), v => v == 1, TimeSpan.FromSeconds(10), "the BYE to be answered");
    }

    [Fact]
    public async Task Mutual_tls_refuses_a_client_without_a_trusted_certificate_and_takes_one_with()
    {
        await using var host = await LoopbackHost.StartAsync(Tls(new()
        {
            ["Sip:TlsRequireClientCertificate"] = "true",
            ["Sip:TlsTrustedThumbprints:0"] = ClientCertificate.Value.Thumbprint,
        }));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var anonymous = await LoopbackClient.ConnectAsync(SipTransportKind.Tls, host.EndpointFor(SipTransportKind.Tls));
            await anonymous.SendAsync(anonymous.Adapt(Messages.Fixture("cube-options-keepalive.sip")));
            await anonymous.ExpectAsync(200, "OPTIONS");
        });
        await Eventually.Until(() => Task.FromResult(host.Counters.TlsHandshakeFailures.Value), v => v >= 1, TimeSpan.FromSeconds(10), "the refused handshake to be counted");

        await using var trusted = await LoopbackClient.ConnectAsync(SipTransportKind.Tls, host.EndpointFor(SipTransportKind.Tls), ClientCertificate.Value);
        await trusted.SendAsync(trusted.Adapt(Messages.Fixture("cube-options-keepalive.sip")));
        Assert.Equal(200, (await trusted.ExpectAsync(200, "OPTIONS")).StatusCode);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Research_t26_a_cancel_while_the_setup_is_pending_gets_200_and_487_and_frees_the_ports(SipTransportKind transport)
    {
        GatedSessions? gate = null;
        await using var host = await LoopbackHost.StartAsync(sessions: sp => gate = new GatedSessions(sp.GetRequiredService<RecordingSessionManager>()));
        await using var client = await LoopbackClient.ConnectAsync(transport, host.EndpointFor(transport));
        var invite = client.Adapt(Near);
        await client.SendAsync(invite);
        await client.ExpectAsync(100);
        await Eventually.Until(() => Task.FromResult(gate!.Waiting), w => w == 1, TimeSpan.FromSeconds(10), "the setup to be pending");

        await client.SendAsync(invite.Replace("INVITE sip:", "CANCEL sip:", StringComparison.Ordinal).WithCSeq("101 CANCEL"));
        Assert.Equal(200, (await client.ExpectAsync(200, "CANCEL")).StatusCode);
        var terminated = await client.ExpectAsync(487);
        await client.SendAsync(invite.InDialog("ACK", 101, terminated.To!.Tag!, "z9hG4bKFBC714B7"));

        gate!.Open();
        await Eventually.Until(() => Task.FromResult(host.Server.PendingSetups), p => p == 0, TimeSpan.FromSeconds(10), "the setup to finish");
        await Eventually.Until(() => Task.FromResult(host.Ports.InUse), p => p == 0, TimeSpan.FromSeconds(10), "the RTP ports to be freed");
        Assert.Equal(0, host.Server.DialogCount);
        Assert.False(host.Facts.Reader.TryRead(out _), "nothing was recorded");
        Assert.Empty(Directory.Exists(Path.Combine(host.Directory, "recordings")) ? Directory.GetFiles(Path.Combine(host.Directory, "recordings"), "*.wav", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Malformed_input_is_answered_or_dropped_and_counted_and_never_stops_a_listener()
    {
        await using var host = await LoopbackHost.StartAsync();
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await raw.SendAsync(Encoding.ASCII.GetBytes("garbage that is not SIP\r\n\r\n"), host.Endpoints.Udp!);
        await raw.SendAsync(new byte[60_000], host.Endpoints.Udp!);
        await raw.SendAsync(Encoding.ASCII.GetBytes("OPTIONS sip:a SIP/2.0\r\nVia: broken\r\n\r\n"), host.Endpoints.Udp!);

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(host.Endpoints.Tcp!);
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes("OPTIONS sip:a SIP/2.0\r\nContent-Length: -1\r\n\r\n"));
            var closed = await tcp.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, closed);
        }

        await Eventually.Until(() => Task.FromResult(host.Counters.MalformedDropped.Value), v => v >= 4, TimeSpan.FromSeconds(10), "the bad input to be counted");
        foreach (var transport in new[] { SipTransportKind.Udp, SipTransportKind.Tcp })
        {
            await using var client = await LoopbackClient.ConnectAsync(transport, host.EndpointFor(transport));
            await client.SendAsync(client.Adapt(Messages.Fixture("cube-options-keepalive.sip")).WithCSeq($"{200 + (int)transport} OPTIONS"));
            var response = await client.ReceiveAsync();
            Assert.True(response is SipResponse { StatusCode: 200 }, $"{transport}: {(response as SipResponse)?.StatusCode} {(response as SipResponse)?.ReasonPhrase}");
        }
    }

    [Fact]
    public async Task Research_tr2_a_siprec_invite_far_above_the_mtu_arrives_over_udp()
    {
        await using var host = await LoopbackHost.StartAsync();
        await using var client = await LoopbackClient.ConnectAsync(SipTransportKind.Udp, host.EndpointFor(SipTransportKind.Udp));
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var padding = "<extensiondata xmlns:pad=\"urn:example:padding\"><pad:note>" + new string('x', 3000) + "</pad:note></extensiondata>";
        var body = cube[(cube.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Replace("</recording>", padding + "\r\n</recording>", StringComparison.Ordinal);
        var invite = client.Adapt(cube.WithBody(body));
        Assert.True(Encoding.UTF8.GetByteCount(invite) > 5000);

        await client.SendAsync(invite);
        var ok = await client.ExpectAsync(200);
        Assert.True(SdpParser.TryParse(ok.Body.Span, out var answer));
        Assert.Equal(["1", "2"], answer.Media.Select(m => m.Label));
    }

    [Fact]
    public async Task Research_t33_tcp_frames_two_messages_in_one_write_and_one_message_over_three_writes()
    {
        await using var host = await LoopbackHost.StartAsync();
        await using var client = await LoopbackClient.ConnectAsync(SipTransportKind.Tcp, host.EndpointFor(SipTransportKind.Tcp));
        var options = client.Adapt(Messages.Fixture("cube-options-keepalive.sip"));
        await client.SendAsync("\r\n\r\n" + options + options.WithBranch("z9hG4bKsecond").WithCSeq("102 OPTIONS"));
        await client.ExpectAsync(200, "OPTIONS");
        await client.ExpectAsync(200, "OPTIONS");

        var third = Encoding.UTF8.GetBytes(options.WithBranch("z9hG4bKthird").WithCSeq("103 OPTIONS"));
        await client.SendAsync(third[..10]);
        await client.SendAsync(third[10..100]);
        await client.SendAsync(third[100..]);
        Assert.Equal("103 OPTIONS", (await client.ExpectAsync(200, "OPTIONS")).Headers.Get(HeaderNames.CSeq));
    }

    [Fact]
    public async Task Stopping_the_recorder_sends_bye_to_live_dialogs_and_finishes_their_audio()
    {
        var host = await LoopbackHost.StartAsync();
        await using var client = await LoopbackClient.ConnectAsync(SipTransportKind.Tcp, host.EndpointFor(SipTransportKind.Tcp));
        await client.SendAsync(client.Adapt(Near));
        var ok = await client.ExpectAsync(200);
        await client.SendAsync(client.Adapt(Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip").WithToTag(ok.To!.Tag!)));
        await host.FactAsync(RecordingFactKind.SegmentStarted);

        var stopping = host.StopAsync();
        var bye = await client.ExpectRequestAsync("BYE");
        Assert.Contains("shutting down", bye.Headers.Get(HeaderNames.Reason));
        await client.RespondAsync(bye, 200);
        await stopping;
        var ended = await host.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Equal("shutdown", ended.EndReason);
        Assert.True(File.Exists(Path.Combine(host.Directory, "recordings", ended.AudioFile!)));
        await host.DisposeAsync();
    }
}
