using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CorrelationHub.SipIngest.Logging;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.SipIngest.MediaHost.Linux;

/// <summary>
/// One receive thread: an epoll set of RTP/RTCP sockets, drained with recvmmsg into buffers the thread owns (no
/// per-socket buffer, no per-packet wake-up or task). Each socket belongs to one worker, so its packets are handled in
/// arrival order on one thread. A handler that throws costs its packet, never the thread.
/// </summary>
internal sealed unsafe class EpollWorker : IDisposable
{
    private const int Batch = 32;
    private const int MaxEvents = 256;
    private const int BufferSize = 2048;
    private const int WaitMilliseconds = 200;

    private readonly ConcurrentDictionary<ulong, EpollRegistration> _registrations = new();
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly int _epoll;
    private readonly byte* _events;
    private readonly byte* _headers;
    private readonly byte* _vectors;
    private readonly byte* _names;
    private readonly byte* _buffers;
    private readonly SocketAddress _v4 = new(AddressFamily.InterNetwork);
    private readonly SocketAddress _v6 = new(AddressFamily.InterNetworkV6);
    private volatile bool _stopping;

    public EpollWorker(int index, ILogger logger)
    {
        _logger = logger;
        _epoll = LinuxSockets.EpollCreate(LinuxSockets.EpollCloexec);
        if (_epoll < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * LinuxSockets.EpollEventSize));
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)(Batch * LinuxSockets.MmsghdrSize));
        _vectors = (byte*)NativeMemory.AllocZeroed((nuint)(Batch * LinuxSockets.IovecSize));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(Batch * LinuxSockets.SockaddrStorageSize));
        _buffers = (byte*)NativeMemory.Alloc((nuint)(Batch * BufferSize));
        for (var i = 0; i < Batch; i++)
        {
            // struct iovec { void *iov_base; size_t iov_len; }
            var vector = _vectors + (i * LinuxSockets.IovecSize);
            *(byte**)vector = _buffers + (i * BufferSize);
            *(ulong*)(vector + 8) = BufferSize;

            // struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen; ... }
            var header = _headers + (i * LinuxSockets.MmsghdrSize);
            *(byte**)header = _names + (i * LinuxSockets.SockaddrStorageSize);
            *(byte**)(header + 16) = vector;
            *(ulong*)(header + 24) = 1;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"rtp-receive-{index}" };
        _thread.Start();
    }

    /// <summary>Sockets this worker watches now.</summary>
    public int Count => _registrations.Count;

    public void Add(EpollRegistration registration)
    {
        _registrations[registration.Id] = registration;
        if (LinuxSockets.Control(_epoll, LinuxSockets.EpollCtlAdd, registration.Fd, registration.Id) != 0)
        {
            _registrations.TryRemove(registration.Id, out _);
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Stops watching the socket; once this returns its handler is not running and will not run again.</summary>
    public void Remove(EpollRegistration registration)
    {
        LinuxSockets.Control(_epoll, LinuxSockets.EpollCtlDel, registration.Fd, 0);
        lock (registration.Gate)
        {
            registration.Closed = true;
        }

        _registrations.TryRemove(registration.Id, out _);
    }

    public void Dispose()
    {
        _stopping = true;
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        if (_thread.IsAlive)
        {
            // The thread still uses the buffers; leave them to the process rather than free memory in use.
            return;
        }

        LinuxSockets.Close(_epoll);
        NativeMemory.Free(_events);
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_names);
        NativeMemory.Free(_buffers);
    }

    private void Run()
    {
        while (!_stopping)
        {
            var ready = LinuxSockets.EpollWait(_epoll, _events, MaxEvents, WaitMilliseconds);
            if (ready < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != LinuxSockets.EIntr)
                {
                    SipLog.RtpReceiveError(_logger, 0, (SocketError)error);
                    Thread.Sleep(10);
                }

                continue;
            }

            for (var i = 0; i < ready; i++)
            {
                var id = *(ulong*)(_events + (i * LinuxSockets.EpollEventSize) + LinuxSockets.EpollDataOffset);
                if (_registrations.TryGetValue(id, out var registration))
                {
                    Drain(registration);
                }
            }
        }
    }

    /// <summary>Takes what the socket holds, a batch per system call, and hands each datagram to its handler.</summary>
    private void Drain(EpollRegistration registration)
    {
        lock (registration.Gate)
        {
            for (var round = 0; round < 4 && !registration.Closed; round++)
            {
                for (var i = 0; i < Batch; i++)
                {
                    *(uint*)(_headers + (i * LinuxSockets.MmsghdrSize) + 8) = LinuxSockets.SockaddrStorageSize;
                }

                var received = LinuxSockets.RecvMmsg(registration.Fd, _headers, Batch, LinuxSockets.MsgDontWait, null);
                if (received <= 0)
                {
                    if (received < 0 && Marshal.GetLastPInvokeError() is var error && error != LinuxSockets.EAgain && error != LinuxSockets.EIntr)
                    {
                        SipLog.RtpReceiveError(_logger, registration.Port, (SocketError)error);
                    }

                    return;
                }

                var arrival = registration.Time.GetTimestamp();
                for (var i = 0; i < received && !registration.Closed; i++)
                {
                    Deliver(registration, i, arrival);
                }

                if (received < Batch)
                {
                    return;
                }
            }
        }
    }

    private void Deliver(EpollRegistration registration, int index, long arrival)
    {
        var header = _headers + (index * LinuxSockets.MmsghdrSize);
        var nameLength = (int)*(uint*)(header + 8);
        var length = (int)*(uint*)(header + 56);
        var name = new ReadOnlySpan<byte>(_names + (index * LinuxSockets.SockaddrStorageSize), nameLength);
        var source = nameLength > 16 ? _v6 : _v4;
        if (nameLength > source.Buffer.Length)
        {
            return;
        }

        // SocketAddress holds the native sockaddr on Linux, so the kernel's bytes are the address as .NET reads it.
        name.CopyTo(source.Buffer.Span);
        source.Size = nameLength;
        try
        {
            registration.Handler(new Span<byte>(_buffers + (index * BufferSize), Math.Min(length, BufferSize)), source, arrival);
        }
        catch (Exception ex)
        {
            MediaLog.HandlerFailed(_logger, registration.Port, ex);
        }
    }
}
