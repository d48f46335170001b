using System.Collections.Concurrent;
using CorrelationHub.SipIngest.Uas;

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
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread[] _workers;
    private readonly Action<Exception> _onError;
    private long _pending;

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

    public void Enqueue(Action work)
    {
        Interlocked.Increment(ref _pending);
        if (!_work.TryAdd(work))
        {
            // Shutting down: do it here rather than lose it.
            Execute(work);
        }
    }

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
        foreach (var work in _work.GetConsumingEnumerable())
        {
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
