using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>The batched receive engine on real loopback sockets: streams spread over its threads.</summary>
public sealed class RtpReceiveEngineTests
{
    [Fact]
    public async Task Rtp_streams_are_spread_over_the_threads_with_their_rtcp_beside_them()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, RtpReceiveEngine.Supported);
        if (!RtpReceiveEngine.Supported)
        {
            // Elsewhere every receiver runs its own loop; nothing to spread.
            return;
        }

        using var engine = new RtpReceiveEngine(2, NullLogger.Instance);
        var min = 47000 + (Random.Shared.Next(0, 200) * 10);
        var pool = new RtpPortPool(min, min + 15, new FakeTimeProvider());
        var time = new FakeTimeProvider();
        var threadsByPort = new ConcurrentDictionary<int, string>();
        var receivers = new List<RtpReceiver>();
        for (var stream = 0; stream < 8; stream++)
        {
            // As a stream opens them: its RTP socket, then its RTCP socket.
            var pair = pool.Bind(IPAddress.Loopback)!;
            foreach (var socket in new[] { pair.Rtp, pair.Rtcp })
            {
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                var receiver = new RtpReceiver(socket, time, NullLogger.Instance, engine: engine);
                receiver.Start((_, _, _) => threadsByPort[port] = Thread.CurrentThread.Name ?? "?");
                receivers.Add(receiver);
            }
        }

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        foreach (var receiver in receivers)
        {
            sender.SendTo(new byte[172], new IPEndPoint(IPAddress.Loopback, receiver.Port));
        }

        await Eventually.Until(() => Task.FromResult(threadsByPort.Count), c => c == 16, TimeSpan.FromSeconds(5), "a packet on every socket");
        var rtpThreads = receivers.Where(r => r.Port % 2 == 0).GroupBy(r => threadsByPort[r.Port]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["rtp-receive-0"] = 4, ["rtp-receive-1"] = 4 }, rtpThreads);
        Assert.All(receivers.Where(r => r.Port % 2 == 1), rtcp => Assert.Equal(threadsByPort[rtcp.Port - 1], threadsByPort[rtcp.Port]));
        Assert.Equal([8, 8], engine.SocketsPerThread);
        receivers.ForEach(r => r.Dispose());
    }
}
