using System.Collections.Concurrent;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Live server transactions, kept for 64·T1 (RFC 3261 Timers H/J, RFC 6026 Timer L) so that a retransmitted request is
/// answered again and never reaches the session layer twice. Also finds merged requests (RFC 3261 §8.2.2.2): same
/// From tag, Call-ID and CSeq as a transaction in progress, but a different branch.
/// </summary>
public sealed class ServerTransactionTable
{
    private readonly ConcurrentDictionary<TransactionKey, ServerTransaction> _byKey = new();
    private readonly ConcurrentDictionary<TransactionOrigin, TransactionKey> _byOrigin = new();
    private readonly ConcurrentQueue<ServerTransaction> _expiry = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public ServerTransactionTable(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public int Count => _byKey.Count;

    /// <summary>Registers a new transaction; false with the existing one when the request is a retransmission.</summary>
    public bool TryBegin(ServerTransaction transaction, out ServerTransaction existing)
    {
        Sweep();
        existing = _byKey.GetOrAdd(transaction.Key, transaction);
        if (!ReferenceEquals(existing, transaction))
        {
            return false;
        }

        if (transaction.Origin is { } origin)
        {
            _byOrigin.TryAdd(origin, transaction.Key);
        }

        _expiry.Enqueue(transaction);
        return true;
    }

    public ServerTransaction? Find(TransactionKey key) => _byKey.TryGetValue(key, out var transaction) ? transaction : null;

    /// <summary>
    /// RFC 3261 §8.2.2.2: a request without a To tag whose From tag, Call-ID and CSeq match a transaction still
    /// known here under a different key arrived twice through a forking proxy: answer it 482.
    /// </summary>
    public bool IsMerged(SipRequest request, TransactionKey key) =>
        TransactionOrigin.Of(request) is { } origin && _byOrigin.TryGetValue(origin, out var known) && known != key && _byKey.ContainsKey(known);

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        while (_expiry.TryPeek(out var head) && _time.GetElapsedTime(head.Created, now) > _lifetime)
        {
            if (!_expiry.TryDequeue(out var expired))
            {
                return;
            }

            lock (expired.Gate)
            {
                if (expired.State == ServerTransactionState.Proceeding)
                {
                    // Still setting up (a slow disk): keep it, so a CANCEL or retransmission still finds it.
                    _expiry.Enqueue(expired);
                    return;
                }

                expired.RetransmitTimer?.Dispose();
                expired.RetransmitTimer = null;
            }

            _byKey.TryRemove(new KeyValuePair<TransactionKey, ServerTransaction>(expired.Key, expired));
            if (expired.Origin is { } origin)
            {
                _byOrigin.TryRemove(new KeyValuePair<TransactionOrigin, TransactionKey>(origin, expired.Key));
            }
        }
    }
}
