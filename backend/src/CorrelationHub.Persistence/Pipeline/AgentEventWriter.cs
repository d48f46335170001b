using System.Data.Common;
using System.Threading.Channels;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Timeline;
using CorrelationHub.Persistence.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Stores gadget events and applies them, in batches: events that arrive together share one transaction (group
/// commit), so SQLite's single writer keeps up with thousands of events a second and each acknowledgement still
/// means "stored". If a batch fails, its events are retried one by one; an event whose projection fails is still
/// stored as a fact (and logged), so nothing acknowledged is lost and a replay can apply it later.
/// </summary>
public sealed partial class AgentEventWriter : IAsyncDisposable
{
    /// <summary>Most events in one transaction.</summary>
    public const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly CorrelationScheduler _scheduler;
    private readonly AgentEventProjector _projector;
    private readonly CorrelationOptions _options;
    private readonly ILogger<AgentEventWriter> _logger;
    private readonly Lock _startLock = new();
    private Task? _loop;
    private DbConnection? _connection;
    private CommandCache? _commands;
    private Task _checkpoint = Task.CompletedTask;
    private long _lastCheckpoint;

    public AgentEventWriter(IDbConnectionFactory connections, WriteGate gate, CorrelationScheduler scheduler, IOptions<CorrelationOptions> options, ILogger<AgentEventWriter> logger)
    {
        _connections = connections;
        _gate = gate;
        _scheduler = scheduler;
        _options = options.Value;
        _projector = new AgentEventProjector(_options);
        _logger = logger;
    }

    /// <summary>Events waiting to be written.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Completes once the event is committed: true when it was new, false for a repeated eventId.</summary>
    public async Task<bool> SubmitAsync(AgentEvent agentEvent, DateTimeOffset received, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        var pending = new Pending(agentEvent, received, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var results = await WriteAsync(batch, projectFailures: false).ConfigureAwait(false);
                Complete(batch, results);
                CheckpointInBackground();
            }
            catch (Exception ex) when (batch.Count > 0)
            {
                BatchFailed(_logger, batch.Count, ex);
                await ResetConnectionAsync().ConfigureAwait(false);
                foreach (var item in batch)
                {
                    await WriteAloneAsync(item).ConfigureAwait(false);
                }
            }
        }

        await ResetConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>SQLite: a passive WAL checkpoint at most once a second, off the acknowledgement path.</summary>
    private void CheckpointInBackground()
    {
        if (_connections is not SqliteConnectionFactory sqlite || !_checkpoint.IsCompleted || Environment.TickCount64 - _lastCheckpoint < 1000)
        {
            return;
        }

        _lastCheckpoint = Environment.TickCount64;
        _checkpoint = Task.Run(async () =>
        {
            try
            {
                await sqlite.CheckpointAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or IOException)
            {
                CheckpointFailed(_logger, ex);
            }
        });
    }

    private async Task WriteAloneAsync(Pending item)
    {
        try
        {
            var results = await WriteAsync([item], projectFailures: true).ConfigureAwait(false);
            Complete([item], results);
        }
        catch (Exception ex)
        {
            await ResetConnectionAsync().ConfigureAwait(false);
            item.Done.TrySetException(ex);
        }
    }

    private void Complete(List<Pending> batch, List<(bool IsNew, DialogProjection? Dialog)> results)
    {
        var window = TimeSpan.FromSeconds(_options.CandidateWindowSeconds);
        for (var i = 0; i < batch.Count; i++)
        {
            var (isNew, dialog) = results[i];
            if (dialog?.Extension is { } extension)
            {
                var times = dialog.Participants.Select(p => p.At).Append(dialog.EventTime).ToList();
                _scheduler.ScheduleIfRecorded(new CorrelationWindow(extension, (times.Min() - window).ToUnixTimeMilliseconds(), (times.Max() + window).ToUnixTimeMilliseconds()));
            }

            batch[i].Done.TrySetResult(isNew);
        }
    }

    /// <param name="projectFailures">When true (single event), a failing projection is logged and the fact alone is kept.</param>
    private async Task<List<(bool, DialogProjection?)>> WriteAsync(List<Pending> batch, bool projectFailures)
    {
        var results = new List<(bool, DialogProjection?)>(batch.Count);
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        var commands = await CommandsAsync().ConfigureAwait(false);
        await using var transaction = await _connection!.BeginTransactionAsync().ConfigureAwait(false);
        commands.Transaction = transaction;
        try
        {
            foreach (var item in batch)
            {
                var eventTime = EventClock.Of(item.Event, item.Received);
                var isNew = await AgentEventProjector.InsertFactAsync(commands, item.Event, item.Received, eventTime, CancellationToken.None).ConfigureAwait(false);
                DialogProjection? dialog = null;
                if (isNew)
                {
                    if (projectFailures)
                    {
                        dialog = await ProjectOrKeepFactAsync(commands, transaction, item, eventTime).ConfigureAwait(false);
                    }
                    else
                    {
                        dialog = await _projector.ProjectAsync(commands, item.Event, item.Received, eventTime, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                results.Add((isNew, dialog));
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            commands.Transaction = null;
        }

        return results;
    }

    private async Task<DialogProjection?> ProjectOrKeepFactAsync(CommandCache commands, DbTransaction transaction, Pending item, DateTimeOffset eventTime)
    {
        await transaction.SaveAsync("projection").ConfigureAwait(false);
        try
        {
            var dialog = await _projector.ProjectAsync(commands, item.Event, item.Received, eventTime, CancellationToken.None).ConfigureAwait(false);
            await transaction.ReleaseAsync("projection").ConfigureAwait(false);
            return dialog;
        }
        catch (DbException ex)
        {
            await transaction.RollbackAsync("projection").ConfigureAwait(false);
            ProjectionFailed(_logger, item.Event.EventId, ex);
            return null;
        }
    }

    private async Task<CommandCache> CommandsAsync()
    {
        if (_commands is not null)
        {
            return _commands;
        }

        _connection = await _connections.OpenAsync().ConfigureAwait(false);
        if (_connections.Dialect == SqlDialect.Sqlite)
        {
            // Checkpoints run in the background (CheckpointInBackground); a larger page cache for the hot indexes.
            await using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-16000;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _commands = new CommandCache(_connection);
        return _commands;
    }

    private async Task ResetConnectionAsync()
    {
        _commands?.Dispose();
        _commands = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await _checkpoint.ConfigureAwait(false);
    }

    private sealed record Pending(AgentEvent Event, DateTimeOffset Received, TaskCompletionSource<bool> Done);

    [LoggerMessage(3000, LogLevel.Warning, "A batch of {Count} gadget events failed; retrying them one by one")]
    private static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(3002, LogLevel.Warning, "Background WAL checkpoint failed; the next one will retry")]
    private static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(3001, LogLevel.Error, "Gadget event {EventId} is stored but could not be applied to agent and dialog state (a replay can apply it later)")]
    private static partial void ProjectionFailed(ILogger logger, string eventId, Exception exception);
}
