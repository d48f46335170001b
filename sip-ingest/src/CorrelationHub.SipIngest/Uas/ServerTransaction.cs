using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// One server transaction (RFC 3261 §17.2): the request, where its responses go, the last response (sent again on a
/// retransmission), and for INVITE the setup that a CANCEL can still stop. State changes under <see cref="Gate"/>.
/// </summary>
public sealed class ServerTransaction
{
    public ServerTransaction(TransactionKey key, SipRequest request, SipPeer source, SipPeer destination, long created)
    {
        Key = key;
        Request = request;
        Source = source;
        Destination = destination;
        Created = created;
    }

    public TransactionKey Key { get; }

    public SipRequest Request { get; }

    public SipPeer Source { get; }

    /// <summary>Where responses go (RFC 3261 §18.2.2, RFC 3581).</summary>
    public SipPeer Destination { get; }

    public long Created { get; }

    public bool IsInvite => Request.Method == SipMethods.Invite;

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
}
