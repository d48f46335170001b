namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Collects the windows that new facts touched, merged per extension, until the correlation worker (or a test)
/// runs them. A late fact simply schedules its window again: the engine is deterministic, so running twice is safe.
/// </summary>
public sealed class CorrelationScheduler
{
    private readonly Lock _lock = new();
    private Dictionary<string, CorrelationWindow> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Schedule(CorrelationWindow window)
    {
        lock (_lock)
        {
            _pending[window.Extension] = _pending.TryGetValue(window.Extension, out var existing) ? existing.Merge(window) : window;
            _signal.TrySetResult();
        }
    }

    /// <summary>Completes when something is pending.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _pending.Count > 0 ? Task.CompletedTask : _signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Takes everything pending, in extension order (deterministic).</summary>
    public IReadOnlyList<CorrelationWindow> TakeAll()
    {
        lock (_lock)
        {
            var taken = _pending.Values.OrderBy(w => w.Extension, StringComparer.Ordinal).ToList();
            _pending = new Dictionary<string, CorrelationWindow>(StringComparer.Ordinal);
            if (_signal.Task.IsCompleted)
            {
                _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return taken;
        }
    }
}
