using System.Collections.Concurrent;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// Runs the slow end of a leg off the SIP path: stopping its RTP receivers (which waits for their loops), flushing
/// and renaming the audio file (an fsync), publishing the end facts. A slow disk then delays files, never signalling.
/// The work blocks, so it runs on dedicated threads, never on the thread pool: a pool starved by blocked workers
/// would delay the receivers' own loops, and with them the release of RTP ports. <see cref="DrainAsync"/> waits for
/// everything queued so far at shutdown.
/// </summary>
internal sealed class SegmentFinisher : IAsyncDisposable
{
    private readonly BlockingCollection<(long Due, Action Work)> _work = [];
    private readonly Thread[] _workers;
    private readonly Action<Exception> _onError;
    private long _pending;
    private volatile bool _hurry;

    public SegmentFinisher(string name, int workers, Action<Exception> onError)
    {
        _onError = onError;
        _workers = [.. Enumerable.Range(0, workers).Select(i => new Thread(Run) { IsBackground = true, Name = $"{name}-{i}" })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(Action work) => Enqueue(work, TimeSpan.Zero);

    /// <summary>
    /// Queues work that must not start before <paramref name="delay"/> has passed (a grace for trailing RTP). Work is
    /// taken in order, and every item of a lane has the same delay, so a worker only ever waits for the head.
    /// </summary>
    public void Enqueue(Action work, TimeSpan delay)
    {
        Interlocked.Increment(ref _pending);
        var due = Environment.TickCount64 + (long)delay.TotalMilliseconds;
        if (!_work.TryAdd((due, work)))
        {
            // Shutting down: do it here rather than lose it.
            Execute(work);
        }
    }

    /// <summary>From now on queued work runs without its grace (shutdown).</summary>
    public void Hurry() => _hurry = true;

    /// <summary>Waits until everything queued so far has run (bounded by <paramref name="timeout"/>).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Enqueue(() => done.TrySetResult());
            try
            {
                await done.Task.WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _work.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join(TimeSpan.FromSeconds(30));
        }

        _work.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Run()
    {
        foreach (var (due, work) in _work.GetConsumingEnumerable())
        {
            var wait = due - Environment.TickCount64;
            if (wait > 0 && !_hurry)
            {
                Thread.Sleep((int)Math.Min(wait, 5000));
            }

            Execute(work);
        }
    }

    private void Execute(Action work)
    {
        try
        {
            work();
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
