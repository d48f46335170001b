using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// One server transaction (RFC 3261 §17.2): the request, where its responses go, the last response (sent again on a
/// retransmission), and for INVITE the setup that a CANCEL can still stop. State changes under <see cref="Gate"/>.
/// A transaction outlives its answer by 64·T1 to absorb retransmissions; it lets go of the parsed request once it is
/// answered and handled (<see cref="ReleaseRequest"/>), so that this time costs the key and the response bytes only.
/// </summary>
public sealed class ServerTransaction
{
    private SipRequest? _request;

    public ServerTransaction(TransactionKey key, SipRequest request, SipPeer source, SipPeer destination, long created)
    {
        Key = key;
        _request = request;
        Source = source;
        Destination = destination;
        Created = created;
        IsInvite = request.Method == SipMethods.Invite;
        Origin = TransactionOrigin.Of(request);
    }

    public TransactionKey Key { get; }

    /// <summary>The request, while the transaction is being handled; a handler that outlives its answer keeps its own reference.</summary>
    public SipRequest Request => _request ?? throw new InvalidOperationException("The request of an answered transaction is no longer held.");

    /// <summary>The request if it is still held; read under <see cref="Gate"/>.</summary>
    public SipRequest? HeldRequest => _request;

    /// <summary>RFC 3261 §8.2.2.2 merge detection: the request's origin, kept after the request is let go.</summary>
    public TransactionOrigin? Origin { get; }

    public SipPeer Source { get; }

    /// <summary>Where responses go (RFC 3261 §18.2.2, RFC 3581).</summary>
    public SipPeer Destination { get; }

    public long Created { get; }

    public bool IsInvite { get; }

    public Lock Gate { get; } = new();

    public ServerTransactionState State { get; set; } = ServerTransactionState.Proceeding;

    public byte[]? LastResponse { get; set; }

    public int LastStatus { get; set; }

    /// <summary>The To tag of our responses; for an INVITE the local tag of the dialog it creates.</summary>
    public string? LocalTag { get; set; }

    /// <summary>INVITE only: cancelled when a CANCEL wins (RFC 3261 §9.2).</summary>
    public CancellationTokenSource? Setup { get; set; }

    /// <summary>Timer G (UDP retransmission of a failure response) while it runs.</summary>
    public ITimer? RetransmitTimer { get; set; }

    public TimeSpan RetransmitInterval { get; set; }

    public long FinalSentAt { get; set; }

    /// <summary>
    /// Lets go of the request once the transaction has left Proceeding (its final response is out): a retransmission
    /// needs only <see cref="LastResponse"/>, and a CANCEL only wins a transaction still in Proceeding.
    /// </summary>
    public void ReleaseRequest()
    {
        lock (Gate)
        {
            if (State != ServerTransactionState.Proceeding)
            {
                _request = null;
            }
        }
    }
}
