namespace CorrelationHub.Persistence;

/// <summary>
/// Serialises writers on SQLite, which allows one writer at a time: waiting here is cheaper and fairer than
/// SQLITE_BUSY retries. On PostgreSQL it lets writers through.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _semaphore;

    public WriteGate(IDbConnectionFactory connections)
    {
        _semaphore = connections.Dialect == SqlDialect.Sqlite ? new SemaphoreSlim(1, 1) : null;
    }

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (_semaphore is null)
        {
            return NoLock.Instance;
        }

        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}
