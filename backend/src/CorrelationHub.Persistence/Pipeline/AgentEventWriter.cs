using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Sql;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Gadget events in two stages. Stage 1 stores the facts: events that arrive together share one transaction
/// (group commit) and each is acknowledged once committed, so an acknowledgement means "stored" and costs one
/// insert. Stage 2 applies the stored facts to derived state in larger batches, merging each agent's updates
/// (see <see cref="AgentEventProjector.ProjectBatchAsync"/>), and records how far it got (a watermark in the same
/// transaction): after a crash it resumes from the stored facts, so nothing acknowledged is lost or left unapplied.
/// While nothing stored waits to be applied, stage 1 applies its batch itself, in the transaction that stores it
/// (one commit and one turn at the SQLite writer instead of two); if applying fails, the facts are stored alone
/// and go to stage 2. A stage-2 batch that fails is retried event by event; an event whose projection fails is
/// logged and skipped (its fact stays, and a replay can apply it later).
/// </summary>
public sealed partial class AgentEventWriter : IAsyncDisposable
{
    /// <summary>Most events in one stage-1 transaction.</summary>
    public const int MaxBatch = 512;

    /// <summary>
    /// Events applied in one stage-2 transaction (whole stage-1 batches are added until it is reached): small enough
    /// that stage 1 (the acknowledgements) never waits long for the single SQLite writer, large enough to merge
    /// bursts of one agent's events.
    /// </summary>
    public const int MaxProjectionBatch = 256;

    private const string Watermark = "agent_events_projected";

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    // Whole stage-1 batches: every fact of one carries the batch's last id, so stage 2 never applies part of one
    // (the watermark it records would otherwise cover facts it has not applied).
    private readonly Channel<List<StoredEvent>> _stored = Channel.CreateBounded<List<StoredEvent>>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly CorrelationScheduler _scheduler;
    private readonly AgentEventProjector _projector;
    private readonly CorrelationOptions _options;
    private readonly ILogger<AgentEventWriter> _logger;
    private readonly Lock _lock = new();
    private readonly List<(long Id, TaskCompletionSource Done)> _waiters = [];
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _storeLoop;
    private Task? _projectLoop;
    private readonly WriterConnection _storeConnection;
    private readonly WriterConnection _projectConnection;
    private Task _checkpoint = Task.CompletedTask;
    private long _lastCheckpoint;
    private long _storedUpTo;
    private long _projectedUpTo;
    private int _storedBacklog;

    public AgentEventWriter(IDbConnectionFactory connections, WriteGate gate, CorrelationScheduler scheduler, IOptions<CorrelationOptions> options, ILogger<AgentEventWriter> logger)
    {
        _connections = connections;
        _gate = gate;
        _scheduler = scheduler;
        _options = options.Value;
        _projector = new AgentEventProjector(_options);
        _logger = logger;

        // SQLite: one connection for both stages (they take turns at the gate), so its page cache stays warm.
        _storeConnection = new WriterConnection(connections);
        _projectConnection = connections.Dialect == SqlDialect.Sqlite ? _storeConnection : new WriterConnection(connections);
    }

    /// <summary>Events waiting to be stored or applied.</summary>
    public int Backlog => _queue.Reader.Count + Volatile.Read(ref _storedBacklog);

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
        await WhenStoredAppliedAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task WhenStoredAppliedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_projectedUpTo >= _storedUpTo)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_storedUpTo, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private void EnsureStarted()
    {
        if (_storeLoop is not null)
        {
            return;
        }

        lock (_lock)
        {
            _projectLoop ??= Task.Run(ProjectLoopAsync);
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
            var applyToo = NothingLeftToApply();
            try
            {
                (stored, applied) = await StoreAsync(batch, applyToo).ConfigureAwait(false);
            }
            catch (Exception ex) when (applyToo && batch.Count > 0)
            {
                // Storing must not depend on applying: the facts alone (stage 2 applies them, event by event if
                // need be).
                ApplyFailed(_logger, ex);
                await ResetAsync(_storeConnection).ConfigureAwait(false);
                stored = await StoreAloneAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (batch.Count > 0)
            {
                BatchFailed(_logger, batch.Count, ex);
                await ResetAsync(_storeConnection).ConfigureAwait(false);
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
            BatchFailed(_logger, batch.Count, ex);
            await ResetAsync(_storeConnection).ConfigureAwait(false);
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
                await ResetAsync(_storeConnection).ConfigureAwait(false);
                item.Done.TrySetException(single);
                stored.Add(null);
            }
        }

        return stored;
    }

    private async Task HandOverAsync(List<StoredEvent> facts)
    {
        lock (_lock)
        {
            _storedUpTo = Math.Max(_storedUpTo, facts[^1].Id);
        }

        Interlocked.Add(ref _storedBacklog, facts.Count);
        await _stored.Writer.WriteAsync(facts).ConfigureAwait(false);
    }

    /// <summary>
    /// True when every fact stored so far is applied, so stage 1 may apply its batch itself, in the transaction
    /// that stores it (the watermark then moves past facts that are all applied). Stage 2 is idle then, and only
    /// stage 1 hands it work, so the two never apply at once.
    /// </summary>
    private bool NothingLeftToApply()
    {
        lock (_lock)
        {
            return _projectedUpTo >= _storedUpTo && Volatile.Read(ref _storedBacklog) == 0;
        }
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
                    var isNew = await AgentEventProjector.InsertFactAsync(commands, item.Event, item.Received, eventTime, CancellationToken.None).ConfigureAwait(false);
                    inserted.Add(isNew ? (item, eventTime) : null);
                }

                // Every fact of the batch carries the batch's last id: the watermark moves a batch at a time.
                last = inserted.Exists(i => i is not null)
                    ? Convert.ToInt64(await commands.ScalarAsync(AgentEventProjector.LastFactId, CancellationToken.None).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                result.AddRange(inserted.Select(i => i is { } stored ? new StoredEvent(last, stored.Item.Event, stored.Item.Received, stored.EventTime) : null));
                if (applyToo && last > 0)
                {
                    dialogs = await _projector.ProjectBatchAsync(commands, [.. result.OfType<StoredEvent>()], CancellationToken.None).ConfigureAwait(false);
                    await MoveWatermarkAsync(commands, last).ConfigureAwait(false);
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
            lock (_lock)
            {
                _storedUpTo = Math.Max(_storedUpTo, last);
            }

            Applied(last);
            Schedule(dialogs);
        }

        return (result, true);
    }

    private static Task<int> MoveWatermarkAsync(CommandCache commands, long upTo) =>
        commands.ExecuteAsync("UPDATE pipeline_state SET value = @p1 WHERE name = @p0 AND value < @p1", CancellationToken.None, SqlArg.Text(Watermark), SqlArg.Long(upTo));

    // ------------------------------------------------------------------------------------------------ stage 2

    private async Task ProjectLoopAsync()
    {
        try
        {
            await RecoverAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            RecoveryFailed(_logger, ex);
        }
        finally
        {
            _recovered.TrySetResult();
        }

        var batch = new List<StoredEvent>(MaxProjectionBatch + MaxBatch);
        while (await _stored.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxProjectionBatch && _stored.Reader.TryRead(out var facts))
            {
                batch.AddRange(facts);
            }

            Interlocked.Add(ref _storedBacklog, -batch.Count);

            if (batch.Count > 0)
            {
                try
                {
                    await ApplyAsync(batch).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Stage 2 must keep running: what it could not apply is applied at the next start or by a replay.
                    ProjectionLoopError(_logger, ex);
                }
            }
        }
    }

    /// <summary>Applies what was stored but not applied before the last stop (a crash between the stages).</summary>
    private async Task RecoverAsync()
    {
        await using var connection = await _connections.OpenAsync().ConfigureAwait(false);
        var from = await connection.ExecuteScalarAsync<long?>("SELECT value FROM pipeline_state WHERE name = @Watermark", new { Watermark }).ConfigureAwait(false) ?? 0;
        var recovered = 0;
        while (true)
        {
            var rows = (await connection.QueryAsync<(long Id, string EventId, long ReceivedMs, long EventMs, string Payload)>(
                "SELECT id, event_id, received_ms, event_ms, payload FROM agent_events WHERE id > @from ORDER BY id LIMIT 2000",
                new { from }).ConfigureAwait(false)).ToList();
            if (rows.Count == 0)
            {
                break;
            }

            var batch = new List<StoredEvent>(rows.Count);
            foreach (var row in rows)
            {
                using var document = JsonDocument.Parse(row.Payload);
                if (AgentEventReader.Read(document.RootElement, () => row.EventId).Event is { } agentEvent)
                {
                    batch.Add(new StoredEvent(row.Id, agentEvent with { EventId = row.EventId }, DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs), DateTimeOffset.FromUnixTimeMilliseconds(row.EventMs)));
                }
            }

            await ApplyAsync(batch, rows[^1].Id).ConfigureAwait(false);
            recovered += batch.Count;
            from = rows[^1].Id;
        }

        if (recovered > 0)
        {
            Recovered(_logger, recovered);
        }
    }

    private async Task ApplyAsync(List<StoredEvent> batch, long? upTo = null)
    {
        var last = upTo ?? (batch.Count > 0 ? batch[^1].Id : 0);
        if (!await TryProjectAsync(batch, last).ConfigureAwait(false) && batch.Count > 0)
        {
            BatchFailed(_logger, batch.Count, _lastFailure);
            foreach (var item in batch)
            {
                // A database that is briefly unavailable gets a few seconds; an event that cannot be applied is
                // skipped (its fact stays stored; a replay applies it once the cause is fixed).
                // The watermark stays until the whole batch is through (0: not moved): a crash part-way applies it again.
                var applied = false;
                for (var attempt = 0; attempt < 3 && !applied; attempt++)
                {
                    applied = await TryProjectAsync([item], 0).ConfigureAwait(false);
                    if (!applied && attempt < 2)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    }
                }

                if (!applied)
                {
                    ProjectionFailed(_logger, item.Event.EventId, _lastFailure);
                }
            }

            await TryProjectAsync([], last).ConfigureAwait(false);
        }

        Applied(last);
    }

    /// <summary>Everything up to this fact id is applied: releases those who wait for it.</summary>
    private void Applied(long upTo)
    {
        lock (_lock)
        {
            _projectedUpTo = Math.Max(_projectedUpTo, upTo);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Id <= _projectedUpTo)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private Exception? _lastFailure;

    private async Task<bool> TryProjectAsync(IReadOnlyList<StoredEvent> batch, long upTo)
    {
        try
        {
            Schedule(await ProjectAsync(batch, upTo).ConfigureAwait(false));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _lastFailure = ex;
            await ResetAsync(_projectConnection).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<IReadOnlyList<Correlation.Timeline.DialogProjection>> ProjectAsync(IReadOnlyList<StoredEvent> batch, long upTo)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        var (connection, commands) = await _projectConnection.OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        commands.Transaction = transaction;
        try
        {
            var dialogs = await _projector.ProjectBatchAsync(commands, batch, CancellationToken.None).ConfigureAwait(false);
            await MoveWatermarkAsync(commands, upTo).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return dialogs;
        }
        finally
        {
            commands.Transaction = null;
        }
    }

    private void Schedule(IReadOnlyList<Correlation.Timeline.DialogProjection> dialogs)
    {
        var window = TimeSpan.FromSeconds(_options.CandidateWindowSeconds);
        foreach (var dialog in dialogs)
        {
            if (dialog.Extension is { } extension)
            {
                var times = dialog.Participants.Select(p => p.At).Append(dialog.EventTime).ToList();
                _scheduler.ScheduleIfRecorded(new CorrelationWindow(extension, (times.Min() - window).ToUnixTimeMilliseconds(), (times.Max() + window).ToUnixTimeMilliseconds()));
            }
        }
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
                CheckpointFailed(_logger, ex);
            }
        });
    }

    /// <summary>Drops a stage's connection after a failure (on SQLite under the gate: the stages share it).</summary>
    private async Task ResetAsync(WriterConnection connection)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        await connection.ResetAsync().ConfigureAwait(false);
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

    [LoggerMessage(3000, LogLevel.Warning, "A batch of {Count} gadget events failed; retrying them one by one")]
    private static partial void BatchFailed(ILogger logger, int count, Exception? exception);

    [LoggerMessage(3001, LogLevel.Error, "Gadget event {EventId} is stored but could not be applied to agent and dialog state (a replay can apply it later)")]
    private static partial void ProjectionFailed(ILogger logger, string eventId, Exception? exception);

    [LoggerMessage(3002, LogLevel.Warning, "Background WAL checkpoint failed; the next one will retry")]
    private static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(3006, LogLevel.Warning, "Applying a batch of gadget events as they were stored failed; they are stored and applied on their own")]
    private static partial void ApplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(3005, LogLevel.Error, "Applying gadget events failed; the stage goes on with the next events")]
    private static partial void ProjectionLoopError(ILogger logger, Exception exception);

    [LoggerMessage(3003, LogLevel.Information, "Applied {Count} gadget events stored before the last stop")]
    private static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(3004, LogLevel.Error, "Applying gadget events stored before the last stop failed; a recorrelate --replay applies them")]
    private static partial void RecoveryFailed(ILogger logger, Exception exception);
}
