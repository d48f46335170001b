namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// How far the two stages of <see cref="AgentEventWriter"/> got: the newest fact id stored and handed over, the
/// newest applied, the facts stored but not yet applied, and those who wait for them to be applied.
/// </summary>
internal sealed class AgentEventProgress
{
    private readonly Lock _lock = new();
    private readonly List<(long Id, TaskCompletionSource Done)> _waiters = [];
    private long _storedUpTo;
    private long _appliedUpTo;
    private int _backlog;

    /// <summary>Facts stored and handed to stage 2, not yet taken by it.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    /// <summary>Facts up to this id are stored.</summary>
    public void Stored(long upTo)
    {
        lock (_lock)
        {
            _storedUpTo = Math.Max(_storedUpTo, upTo);
        }
    }

    public void HandedOver(int count) => Interlocked.Add(ref _backlog, count);

    public void TakenOver(int count) => Interlocked.Add(ref _backlog, -count);

    /// <summary>
    /// True when every fact stored so far is applied, so stage 1 may apply its batch itself, in the transaction
    /// that stores it (the watermark then moves past facts that are all applied). Stage 2 is idle then, and only
    /// stage 1 hands it work, so the two never apply at once.
    /// </summary>
    public bool NothingLeftToApply()
    {
        lock (_lock)
        {
            return _appliedUpTo >= _storedUpTo && Volatile.Read(ref _backlog) == 0;
        }
    }

    /// <summary>Everything up to this fact id is applied: releases those who wait for it.</summary>
    public void Applied(long upTo)
    {
        lock (_lock)
        {
            _appliedUpTo = Math.Max(_appliedUpTo, upTo);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Id <= _appliedUpTo)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once every fact stored so far is applied.</summary>
    public Task WhenStoredAppliedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_appliedUpTo >= _storedUpTo)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_storedUpTo, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}
