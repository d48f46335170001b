using System.Runtime.InteropServices;

namespace CorrelationHub.SipIngest.MediaHost.Linux;

/// <summary>
/// The few Linux calls the batched RTP receive path needs: epoll(7) to wait on many sockets from one thread, and
/// recvmmsg(2) to take several datagrams from a socket in one system call. Structures are laid out for 64-bit
/// Linux; <c>struct epoll_event</c> is packed (12 bytes) on x86-64 only.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const int EpollIn = 0x001;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCloexec = 0x80000;
    public const int MsgDontWait = 0x40;
    public const int EAgain = 11;
    public const int EIntr = 4;
    public const int SockaddrStorageSize = 128;

    /// <summary>sizeof(struct mmsghdr) on 64-bit Linux: a 56-byte msghdr and the received length, padded.</summary>
    public const int MmsghdrSize = 64;

    /// <summary>sizeof(struct iovec).</summary>
    public const int IovecSize = 16;

    public static readonly bool Supported = OperatingSystem.IsLinux() && Environment.Is64BitProcess
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>sizeof(struct epoll_event): packed on x86-64, naturally aligned elsewhere.</summary>
    public static int EpollEventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of <c>epoll_event.data</c>.</summary>
    public static int EpollDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int op, int fd, byte* epollEvent);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, byte* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Adds or removes <paramref name="fd"/> on <paramref name="epoll"/>, reporting readability with <paramref name="data"/>.</summary>
    public static int Control(int epoll, int op, int fd, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        *(ulong*)(ev + EpollDataOffset) = data;
        return EpollCtl(epoll, op, fd, ev);
    }
}
