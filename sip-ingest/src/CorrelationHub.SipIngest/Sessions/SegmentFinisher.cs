using System.Threading.Channels;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// Runs the slow end of a leg off the SIP path: stopping its RTP receivers (which waits for their loops), flushing
/// and renaming the audio file (an fsync), publishing the end facts. A slow disk then delays files, never signalling.
/// Work runs in the order queued on a small pool of workers; <see cref="DrainAsync"/> waits for all of it at shutdown.
/// </summary>
internal sealed class SegmentFinisher : IAsyncDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _workers;
    private readonly Action<Exception> _onError;
    private long _pending;

    public SegmentFinisher(int workers, Action<Exception> onError)
    {
        _onError = onError;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())];
    }

    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(Action work)
    {
        Interlocked.Increment(ref _pending);
        if (!_work.Writer.TryWrite(work))
        {
            // Shutting down: do it here rather than lose it.
            Run(work);
        }
    }

    /// <summary>Waits until everything queued so far has run (bounded by <paramref name="timeout"/>).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0 && DateTime.UtcNow < deadline)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Enqueue(() => done.TrySetResult());
            await done.Task.WaitAsync(deadline - DateTime.UtcNow).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Run(work);
        }
    }

    private void Run(Action work)
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
