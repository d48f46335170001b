using System.Collections.Concurrent;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Remembers the last response of each server transaction for 64*T1 (RFC 3261 §17.2, RFC 6026 §7.1), so a
/// retransmitted request is answered again and never reaches the application twice.
/// </summary>
public sealed class ServerTransactionCache
{
    private readonly ConcurrentDictionary<TransactionKey, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private long _lastSweep;

    public ServerTransactionCache(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public int Count => _entries.Count;

    /// <summary>Registers a new transaction; false when it already exists (a retransmission).</summary>
    public bool TryBegin(TransactionKey key, out Entry existing)
    {
        Sweep();
        var entry = new Entry(_time.GetTimestamp());
        existing = _entries.GetOrAdd(key, entry);
        return ReferenceEquals(existing, entry);
    }

    public bool TryGet(TransactionKey key, out Entry? entry) => _entries.TryGetValue(key, out entry);

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSweep);
        if (_time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (_time.GetElapsedTime(entry.Created, now) > _lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public sealed class Entry(long created)
    {
        public long Created { get; } = created;

        public byte[]? LastResponse { get; set; }

        public SipPeer? Destination { get; set; }

        /// <summary>Set for INVITE transactions while no final response has been sent (a CANCEL may still apply).</summary>
        public Action? Cancel { get; set; }

        public int FinalStatus { get; set; }
    }
}
