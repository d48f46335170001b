using System.Net;
using CorrelationHub.Simulator.Media;
using CorrelationHub.Simulator.Sip;

namespace CorrelationHub.Simulator.Play;

/// <summary>The sockets and shared parts one playback uses.</summary>
public sealed class PlayContext : IAsyncDisposable
{
    /// <summary>CUCM's address (the fixtures' 127.0.0.100).</summary>
    public static readonly IPAddress CucmAddress = IPAddress.Parse("127.0.0.100");

    /// <summary>The CUBE SBC that sends SIPREC (story C's 127.0.0.106).</summary>
    public static readonly IPAddress CubeAddress = IPAddress.Parse("127.0.0.106");

    /// <summary>The CUBE media proxy (story D's 127.0.0.146).</summary>
    public static readonly IPAddress ProxyAddress = IPAddress.Parse("127.0.0.146");

    /// <summary>Where the phones' forked RTP comes from.</summary>
    public static readonly IPAddress PhoneAddress = IPAddress.Parse("127.0.0.50");

    public required SipChannel CucmTcp { get; init; }

    public required SipChannel? CucmUdp { get; init; }

    public required SipChannel CubeTcp { get; init; }

    public required SipChannel ProxyTcp { get; init; }

    public required IPEndPoint TcpServer { get; init; }

    public required IPEndPoint? UdpServer { get; init; }

    public required RtpPump? Pump { get; init; }

    public required AudioSource Audio { get; init; }

    public required TimeMap Time { get; init; }

    public PlayStats Stats { get; } = new();

    public static async Task<PlayContext> OpenAsync(IPEndPoint tcp, IPEndPoint? udp, bool media, AudioSource audio, TimeMap time) => new()
    {
        CucmTcp = await SipChannel.OpenAsync(CucmAddress, tcp, udp: false).ConfigureAwait(false),
        CucmUdp = udp is null ? null : await SipChannel.OpenAsync(CucmAddress, udp, udp: true).ConfigureAwait(false),
        CubeTcp = await SipChannel.OpenAsync(CubeAddress, tcp, udp: false).ConfigureAwait(false),
        ProxyTcp = await SipChannel.OpenAsync(ProxyAddress, tcp, udp: false).ConfigureAwait(false),
        TcpServer = tcp,
        UdpServer = udp,
        Pump = media ? new RtpPump() : null,
        Audio = audio,
        Time = time,
    };

    public async ValueTask DisposeAsync()
    {
        Pump?.Dispose();
        await CucmTcp.DisposeAsync().ConfigureAwait(false);
        if (CucmUdp is not null)
        {
            await CucmUdp.DisposeAsync().ConfigureAwait(false);
        }

        await CubeTcp.DisposeAsync().ConfigureAwait(false);
        await ProxyTcp.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Counters of one playback (thread-safe).</summary>
public sealed class PlayStats
{
    private long _legsOffered;
    private long _legsAccepted;
    private long _legsRefused;
    private long _legsUnanswered;
    private long _byesSent;
    private long _byesLost;
    private long _srtpPlainAnswers;

    public long LegsOffered => Interlocked.Read(ref _legsOffered);

    public long LegsAccepted => Interlocked.Read(ref _legsAccepted);

    public long LegsRefused => Interlocked.Read(ref _legsRefused);

    public long LegsUnanswered => Interlocked.Read(ref _legsUnanswered);

    public long ByesSent => Interlocked.Read(ref _byesSent);

    public long ByesLost => Interlocked.Read(ref _byesLost);

    public long SrtpPlainAnswers => Interlocked.Read(ref _srtpPlainAnswers);

    public Dictionary<int, long> Refusals { get; } = [];

    public void Offered() => Interlocked.Increment(ref _legsOffered);

    public void Accepted() => Interlocked.Increment(ref _legsAccepted);

    public void Unanswered() => Interlocked.Increment(ref _legsUnanswered);

    public void ByeSent() => Interlocked.Increment(ref _byesSent);

    public void ByeLost() => Interlocked.Increment(ref _byesLost);

    public void SrtpPlain() => Interlocked.Increment(ref _srtpPlainAnswers);

    public void Refused(int status)
    {
        Interlocked.Increment(ref _legsRefused);
        lock (Refusals)
        {
            Refusals[status] = Refusals.GetValueOrDefault(status) + 1;
        }
    }
}
