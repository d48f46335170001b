using System.Collections.Concurrent;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>Runs our client transactions: sends, retransmits on UDP (Timer E), times out (Timer F), matches responses by branch.</summary>
public sealed class ClientTransactionTable
{
    private readonly ConcurrentDictionary<string, ClientTransaction> _live = new(StringComparer.Ordinal);
    private readonly ISipSender _sender;
    private readonly TimeProvider _time;
    private readonly TimeSpan _t1;
    private readonly TimeSpan _t2;

    public ClientTransactionTable(ISipSender sender, TimeProvider time, TimeSpan t1, TimeSpan t2)
    {
        _sender = sender;
        _time = time;
        _t1 = t1;
        _t2 = t2;
    }

    public int Count => _live.Count;

    public async Task<int> RunAsync(ClientTransaction transaction, CancellationToken cancellationToken = default)
    {
        _live[transaction.Branch] = transaction;
        try
        {
            lock (transaction.Gate)
            {
                transaction.Started = _time.GetTimestamp();
                transaction.Interval = _t1;
                // Timer E retransmits on UDP only; Timer F (64·T1) bounds every transport.
                transaction.Timer = _time.CreateTimer(_ => Tick(transaction), null, transaction.Destination.IsStream ? _t1 * 64 : _t1, Timeout.InfiniteTimeSpan);
            }

            if (!await _sender.SendAsync(transaction.Bytes, transaction.Destination, cancellationToken).ConfigureAwait(false))
            {
                transaction.Complete(503);
            }

            return await transaction.Outcome.ConfigureAwait(false);
        }
        finally
        {
            _live.TryRemove(new KeyValuePair<string, ClientTransaction>(transaction.Branch, transaction));
        }
    }

    /// <summary>Routes a response to its transaction; false for a stray response.</summary>
    public bool OnResponse(SipResponse response)
    {
        if (response.TopVia?.Branch is not { } branch || !_live.TryGetValue(branch, out var transaction) || !transaction.Matches(response))
        {
            return false;
        }

        if (response.StatusCode < 200)
        {
            lock (transaction.Gate)
            {
                // RFC 3261 §17.1.2.2: in Proceeding, retransmit at T2.
                transaction.ProvisionalSeen = true;
            }

            return true;
        }

        transaction.Complete(response.StatusCode);
        return true;
    }

    private void Tick(ClientTransaction transaction)
    {
        bool resend;
        lock (transaction.Gate)
        {
            if (transaction.Timer is null)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(transaction.Started);
            var giveUpAt = _t1 * 64;
            resend = elapsed < giveUpAt;
            if (resend)
            {
                transaction.Interval = transaction.ProvisionalSeen ? _t2 : (transaction.Interval * 2 > _t2 ? _t2 : transaction.Interval * 2);
                var remaining = giveUpAt - elapsed;
                transaction.Timer.Change(remaining < transaction.Interval ? remaining : transaction.Interval, Timeout.InfiniteTimeSpan);
            }
        }

        if (resend)
        {
            _ = _sender.SendAsync(transaction.Bytes, transaction.Destination);
        }
        else
        {
            transaction.Complete(408);
        }
    }
}
