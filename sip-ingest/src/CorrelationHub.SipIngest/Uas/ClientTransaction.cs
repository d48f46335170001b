using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// A non-INVITE client transaction of ours (BYE, session-refresh UPDATE; RFC 3261 §17.1.2): retransmitted on UDP at T1
/// doubling to T2 (Timer E) until a response arrives, given up after 64·T1 (Timer F). The outcome is the final status,
/// or 408 on timeout.
/// </summary>
public sealed class ClientTransaction
{
    private readonly TaskCompletionSource<int> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientTransaction(string branch, string method, byte[] bytes, SipPeer destination)
    {
        Branch = branch;
        Method = method;
        Bytes = bytes;
        Destination = destination;
    }

    public string Branch { get; }

    public string Method { get; }

    public byte[] Bytes { get; }

    public SipPeer Destination { get; }

    public Lock Gate { get; } = new();

    public ITimer? Timer { get; set; }

    public TimeSpan Interval { get; set; }

    public long Started { get; set; }

    public bool ProvisionalSeen { get; set; }

    /// <summary>The final status code (408 when Timer F fired, 503 when it could not be sent).</summary>
    public Task<int> Outcome => _outcome.Task;

    public bool Complete(int status)
    {
        lock (Gate)
        {
            Timer?.Dispose();
            Timer = null;
        }

        return _outcome.TrySetResult(status);
    }

    public bool Matches(SipResponse response) =>
        response.TopVia?.Branch == Branch && response.CSeq is { } cseq && cseq.Method == Method;
}
