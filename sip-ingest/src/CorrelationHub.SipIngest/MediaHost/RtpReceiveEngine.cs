using CorrelationHub.SipIngest.MediaHost.Linux;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// The batched RTP receive path (Linux, <c>Media:BatchedReceive</c>): a few threads (<c>Media:ReceiveThreads</c>,
/// one per core by default) wait on every RTP and RTCP socket with epoll and read them with recvmmsg, many datagrams
/// per system call and many sockets per wake-up, instead of one asynchronous receive per socket and packet. Sockets
/// are spread over the threads; each socket stays on one, so its packets keep their order. Elsewhere, or when turned
/// off, <see cref="RtpReceiver"/> keeps its portable loop (docs/architecture.md, media).
/// </summary>
public sealed class RtpReceiveEngine : IDisposable
{
    private readonly EpollWorker[] _workers;
    private long _nextId;
    private int _disposed;

    public RtpReceiveEngine(int threads, ILogger logger)
    {
        var count = threads > 0 ? threads : Environment.ProcessorCount;
        _workers = [.. Enumerable.Range(0, count).Select(i => new EpollWorker(i, logger))];
    }

    /// <summary>Whether this platform has the batched path (64-bit Linux).</summary>
    public static bool Supported => LinuxSockets.Supported;

    /// <summary>The engine the options ask for, or null for the portable per-socket loops.</summary>
    public static RtpReceiveEngine? Create(IOptions<MediaOptions> options, ILogger<RtpReceiveEngine> logger) =>
        options.Value.BatchedReceive && Supported ? new RtpReceiveEngine(options.Value.ReceiveThreads, logger) : null;

    internal EpollRegistration Add(System.Net.Sockets.Socket socket, int port, RtpReceiver.PacketHandler handler, TimeProvider time)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var id = (ulong)Interlocked.Increment(ref _nextId);
        var registration = new EpollRegistration(id, socket, port, handler, time);
        WorkerFor(port).Add(registration);
        return registration;
    }

    internal void Remove(EpollRegistration registration) => WorkerFor(registration.Port).Remove(registration);

    /// <summary>Sockets watched by each thread.</summary>
    internal IReadOnlyList<int> SocketsPerThread => [.. _workers.Select(w => w.Count)];

    // By port pair: a stream's RTP (even) and RTCP (odd) port share a thread, and pairs in a row go to threads in
    // turn. Counting sockets in turn put every RTP socket on one thread and every (nearly idle) RTCP socket on the
    // other, since each stream adds its two one after the other.
    private EpollWorker WorkerFor(int port) => _workers[(port >> 1) % _workers.Length];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }
}
