using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost.Linux;

/// <summary>A socket watched by an <see cref="EpollWorker"/>: its descriptor, handler and clock; Gate is held while its packets are handled.</summary>
internal sealed class EpollRegistration(ulong id, Socket socket, int port, RtpReceiver.PacketHandler handler, TimeProvider time)
{
    public ulong Id { get; } = id;

    public int Fd { get; } = (int)socket.SafeHandle.DangerousGetHandle();

    public int Port { get; } = port;

    public RtpReceiver.PacketHandler Handler { get; } = handler;

    public TimeProvider Time { get; } = time;

    public Lock Gate { get; } = new();

    /// <summary>Set under <see cref="Gate"/> once the socket left the epoll set: nothing more is read from it.</summary>
    public bool Closed { get; set; }
}
