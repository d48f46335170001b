namespace CorrelationHub.SipIngest.Logging;

/// <summary>A thread-safe monotonically increasing count, readable by tests and the health endpoint.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);
}
