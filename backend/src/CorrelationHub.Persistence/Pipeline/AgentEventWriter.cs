using System.Data.Common;
using System.Threading.Channels;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Gadget events in two stages. Stage 1 (here) stores the facts through <see cref="AgentEventInserts"/>: events that arrive together share one transaction
/// (group commit) and each is acknowledged once committed, so an acknowledgement means "stored" and costs one
/// insert. Stage 2 applies the stored facts to derived state in larger batches, merging each agent's updates
/// (see <see cref="AgentEventProjector.ProjectBatchAsync"/>), and records how far it got (a watermark in the same
/// transaction): after a crash it resumes from the stored facts, so nothing acknowledged is lost or left unapplied.
/// While nothing stored waits to be applied, stage 1 applies its batch itself, in the transaction that stores it
/// (one commit and one turn at the SQLite writer instead of two); if applying fails, the facts are stored alone
/// and go to stage 2 (<see cref="AgentEventApplier"/>, which recovers first: <see cref="AgentEventRecovery"/>).
/// </summary>
public sealed class AgentEventWriter : IAsyncDisposable
{
    /// <summary>Most events in one stage-1 transaction.</summary>
    public const int MaxBatch = 512;

    /// <summary>
    /// Events applied in one stage-2 transaction (whole stage-1 batches are added until it is reached): small enough
    /// that stage 1 (the acknowledgements) never waits long for the single SQLite writer, large enough to merge
    /// bursts of one agent's events.
    /// </summary>
    public const int MaxProjectionBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    // Whole stage-1 batches: every fact of one carries the batch's last id, so stage 2 never applies part of one
    // (the watermark it records would otherwise cover facts it has not applied).
    private readonly Channel<List<StoredEvent>> _stored = Channel.CreateBounded<List<StoredEvent>>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly ILogger<AgentEventWriter> _logger;
    private readonly Lock _lock = new();
    private readonly AgentEventProgress _progress = new();
    private readonly AgentEventApplier _applier;
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WriterConnection _storeConnection;
    private readonly WriterConnection _projectConnection;
    private Task? _storeLoop;
    private Task? _projectLoop;
    private Task _checkpoint = Task.CompletedTask;
    private long _lastCheckpoint;

    public AgentEventWriter(IDbConnectionFactory connections, WriteGate gate, CorrelationScheduler scheduler, IOptions<CorrelationOptions> options, ILogger<AgentEventWriter> logger)
    {
        _connections = connections;
        _gate = gate;
        _logger = logger;

        // SQLite: one connection for both stages (they take turns at the gate), so its page cache stays warm.
        _storeConnection = new WriterConnection(connections);
        _projectConnection = connections.Dialect == SqlDialect.Sqlite ? _storeConnection : new WriterConnection(connections);
        _applier = new AgentEventApplier(connections, gate, _projectConnection, scheduler, options.Value, _progress, logger);
    }

    /// <summary>Events waiting to be stored or applied.</summary>
    public int Backlog => _queue.Reader.Count + _progress.Backlog;

    /// <summary>Completes once the event is committed: true when it was new, false for a repeated eventId.</summary>
    public async Task<bool> SubmitAsync(AgentEvent agentEvent, DateTimeOffset received, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        var pending = new Pending(agentEvent, received, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes once every event stored so far (and any left from before a restart) is applied to derived state.</summary>
    public async Task WhenAppliedAsync(CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        await _recovered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _progress.WhenStoredAppliedAsync(cancellationToken).ConfigureAwait(false);
    }

    private void EnsureStarted()
    {
        if (_storeLoop is not null)
        {
            return;
        }

        lock (_lock)
        {
            _projectLoop ??= Task.Run(() => _applier.RunAsync(_stored.Reader, _recovered, MaxProjectionBatch));
            _storeLoop ??= Task.Run(StoreLoopAsync);
        }
    }

    // ------------------------------------------------------------------------------------------------ stage 1

    private async Task StoreLoopAsync()
    {
        // Stage 1 starts once stage 2 has applied what an earlier run left unapplied, so that recovery and the
        // hand-over never cover the same facts.
        await _recovered.Task.ConfigureAwait(false);
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            List<StoredEvent?> stored;
            var applied = false;
            var applyToo = _progress.NothingLeftToApply();
            try
            {
                (stored, applied) = await StoreAsync(batch, applyToo).ConfigureAwait(false);
            }
            catch (Exception ex) when (applyToo && batch.Count > 0)
            {
                // Storing must not depend on applying: the facts alone (stage 2 applies them, event by event if
                // need be).
                AgentEventLog.ApplyFailed(_logger, ex);
                await AgentEventApplier.ResetAsync(_gate, _storeConnection).ConfigureAwait(false);
                stored = await StoreAloneAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (batch.Count > 0)
            {
                AgentEventLog.BatchFailed(_logger, batch.Count, ex);
                await AgentEventApplier.ResetAsync(_gate, _storeConnection).ConfigureAwait(false);
                stored = await StoreEachAsync(batch).ConfigureAwait(false);
            }

            // Unless applied in the same transaction, to stage 2: one list per stored id (after a failed batch,
            // each event that was stored alone has its own).
            var facts = new List<StoredEvent>(batch.Count);
            for (var i = 0; i < (applied ? 0 : stored.Count); i++)
            {
                if (stored[i] is not { } fact)
                {
                    continue;
                }

                if (facts.Count > 0 && facts[^1].Id != fact.Id)
                {
                    await HandOverAsync(facts).ConfigureAwait(false);
                    facts = new List<StoredEvent>(batch.Count - i);
                }

                facts.Add(fact);
            }

            if (facts.Count > 0)
            {
                await HandOverAsync(facts).ConfigureAwait(false);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(stored[i] is not null);
            }

            CheckpointInBackground();
        }

        _stored.Writer.TryComplete();
    }

    private async Task<List<StoredEvent?>> StoreAloneAsync(List<Pending> batch)
    {
        try
        {
            return (await StoreAsync(batch, applyToo: false).ConfigureAwait(false)).Stored;
        }
        catch (Exception ex)
        {
            AgentEventLog.BatchFailed(_logger, batch.Count, ex);
            await AgentEventApplier.ResetAsync(_gate, _storeConnection).ConfigureAwait(false);
            return await StoreEachAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task<List<StoredEvent?>> StoreEachAsync(List<Pending> batch)
    {
        var stored = new List<StoredEvent?>(batch.Count);
        foreach (var item in batch)
        {
            try
            {
                stored.AddRange((await StoreAsync([item], applyToo: false).ConfigureAwait(false)).Stored);
            }
            catch (Exception single)
            {
                await AgentEventApplier.ResetAsync(_gate, _storeConnection).ConfigureAwait(false);
                item.Done.TrySetException(single);
                stored.Add(null);
            }
        }

        return stored;
    }

    private async Task HandOverAsync(List<StoredEvent> facts)
    {
        _progress.Stored(facts[^1].Id);
        _progress.HandedOver(facts.Count);
        await _stored.Writer.WriteAsync(facts).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts the facts in one transaction; a null entry is a repeated eventId (acknowledged, not stored). With
    /// <paramref name="applyToo"/> the new facts are applied to derived state and the watermark moved in the same
    /// transaction (one commit instead of two); a failure there rolls everything back and the caller stores again
    /// without applying.
    /// </summary>
    private async Task<(List<StoredEvent?> Stored, bool Applied)> StoreAsync(List<Pending> batch, bool applyToo)
    {
        var result = new List<StoredEvent?>(batch.Count);
        IReadOnlyList<Correlation.Timeline.DialogProjection> dialogs = [];
        long last;
        using (await _gate.EnterAsync().ConfigureAwait(false))
        {
            var (connection, commands) = await _storeConnection.OpenAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            commands.Transaction = transaction;
            try
            {
                var inserted = new List<(Pending Item, DateTimeOffset EventTime)?>(batch.Count);
                foreach (var item in batch)
                {
                    var eventTime = EventClock.Of(item.Event, item.Received);
                    var isNew = await AgentEventInserts.InsertAsync(commands, item.Event, item.Received, eventTime, CancellationToken.None).ConfigureAwait(false);
                    inserted.Add(isNew ? (item, eventTime) : null);
                }

                // Every fact of the batch carries the batch's last id: the watermark moves a batch at a time.
                last = inserted.Exists(i => i is not null) ? await AgentEventInserts.LastIdAsync(commands, CancellationToken.None).ConfigureAwait(false) : 0;
                result.AddRange(inserted.Select(i => i is { } stored ? new StoredEvent(last, stored.Item.Event, stored.Item.Received, stored.EventTime) : null));
                if (applyToo && last > 0)
                {
                    dialogs = await _applier.ApplyInTransactionAsync(commands, [.. result.OfType<StoredEvent>()], last).ConfigureAwait(false);
                }

                await transaction.CommitAsync().ConfigureAwait(false);
            }
            finally
            {
                commands.Transaction = null;
            }
        }

        if (!applyToo)
        {
            return (result, false);
        }

        if (last > 0)
        {
            _progress.Stored(last);
            _progress.Applied(last);
            _applier.Schedule(dialogs);
        }

        return (result, true);
    }

    // ------------------------------------------------------------------------------------------------ plumbing

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
                AgentEventLog.CheckpointFailed(_logger, ex);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_storeLoop is not null)
        {
            await _storeLoop.ConfigureAwait(false);
        }

        if (_projectLoop is not null)
        {
            await _projectLoop.ConfigureAwait(false);
        }

        await _checkpoint.ConfigureAwait(false);
        await _storeConnection.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(_projectConnection, _storeConnection))
        {
            await _projectConnection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Pending(AgentEvent Event, DateTimeOffset Received, TaskCompletionSource<bool> Done);
}
