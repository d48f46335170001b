using System.Net;
using System.Net.Sockets;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.TestSupport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>The RTP port pool on real loopback sockets: reuse order, cooldown that never refuses, ports held elsewhere.</summary>
public sealed class RtpPortPoolTests
{
    private static int RangeStart() => 46000 + (Random.Shared.Next(0, 400) * 10);

    [Fact]
    public void A_released_pair_is_reused_after_every_other_free_pair()
    {
        var min = RangeStart();
        var pool = new RtpPortPool(min, min + 5, new FakeTimeProvider());
        var first = pool.Bind(IPAddress.Loopback)!;
        var port = first.Port;
        first.Rtp.Dispose();
        first.Rtcp.Dispose();
        pool.Release(port);

        var next = new[] { pool.Bind(IPAddress.Loopback)!, pool.Bind(IPAddress.Loopback)!, pool.Bind(IPAddress.Loopback)! };
        Assert.Equal([min + 2, min + 4, min], next.Select(p => p.Port));
        Assert.Equal(3, pool.InUse);
        Assert.Null(pool.Bind(IPAddress.Loopback));
        foreach (var pair in next)
        {
            pair.Rtp.Dispose();
            pair.Rtcp.Dispose();
        }
    }

    [Fact]
    public void When_every_free_pair_is_cooling_the_oldest_is_used_and_counted_never_refused()
    {
        var min = RangeStart();
        var time = new FakeTimeProvider();
        var pool = new RtpPortPool(min, min + 3, time, TimeSpan.FromSeconds(30));
        for (var call = 0; call < 10; call++)
        {
            var pair = pool.Bind(IPAddress.Loopback);
            Assert.NotNull(pair);
            var port = pair.Port;
            pair.Rtp.Dispose();
            pair.Rtcp.Dispose();
            pool.Release(port);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Two pairs, ten calls a second apart: the first two found fresh pairs, the other eight reused cooling ones.
        Assert.Equal(8, pool.ReusedWhileCooling);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void A_port_held_by_another_program_is_skipped()
    {
        var min = RangeStart();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, min + 1));
        var pool = new RtpPortPool(min, min + 3, new FakeTimeProvider());

        var pair = pool.Bind(IPAddress.Loopback)!;
        Assert.Equal(min + 2, pair.Port);
        Assert.Equal(1, pool.InUse);
        Assert.Null(pool.Bind(IPAddress.Loopback));
        pair.Rtp.Dispose();
        pair.Rtcp.Dispose();
    }
}
