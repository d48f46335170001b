using System.Net;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>The endpoints the SIP listeners actually bound (port 0 in configuration means "any free port").</summary>
public sealed class SipListenerEndpoints
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPEndPoint? Udp { get; private set; }

    public IPEndPoint? Tcp { get; private set; }

    public IPEndPoint? Tls { get; private set; }

    /// <summary>Completes when every configured listener is bound.</summary>
    public Task Ready => _ready.Task;

    internal void SetBound(IPEndPoint? udp, IPEndPoint? tcp, IPEndPoint? tls)
    {
        Udp = udp;
        Tcp = tcp;
        Tls = tls;
        _ready.TrySetResult();
    }

    internal void SetFailed(Exception exception) => _ready.TrySetException(exception);
}
