namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Collects the windows that new facts touched, merged per extension, until the correlation worker (or a test)
/// runs them. A late fact simply schedules its window again: the engine is deterministic, so running twice is safe.
/// </summary>
public sealed class CorrelationScheduler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long FromMs, long ToMs)> _recorded = new(StringComparer.Ordinal);
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

    /// <summary>Notes that an extension has recordings in [from, to] (recording facts, and stored segments at start).</summary>
    public void NoteRecording(string extension, long fromMs, long toMs)
    {
        lock (_lock)
        {
            _recorded[extension] = _recorded.TryGetValue(extension, out var known) ? (Math.Min(known.FromMs, fromMs), Math.Max(known.ToMs, toMs)) : (fromMs, toMs);
        }
    }

    /// <summary>
    /// Schedules a window that a dialog event touched, unless the extension has no recording near it: then there is
    /// nothing to link yet, and the recording's own fact will schedule the window when it arrives.
    /// </summary>
    public void ScheduleIfRecorded(CorrelationWindow window)
    {
        lock (_lock)
        {
            if (!_recorded.TryGetValue(window.Extension, out var known) || window.ToMs < known.FromMs || window.FromMs > known.ToMs)
            {
                return;
            }
        }

        Schedule(window);
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
