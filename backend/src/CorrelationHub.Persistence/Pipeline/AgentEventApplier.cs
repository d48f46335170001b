using System.Data.Common;
using System.Threading.Channels;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Timeline;
using CorrelationHub.Persistence.Sql;
using Microsoft.Extensions.Logging;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Stage 2 of <see cref="AgentEventWriter"/>: applies stored gadget events to derived state in batches (see
/// <see cref="AgentEventProjector.ProjectBatchAsync"/>) and moves the watermark in the same transaction, after first
/// applying what an earlier run left unapplied (<see cref="AgentEventRecovery"/>). A batch that fails is retried
/// event by event; an event whose projection fails is logged and skipped (its fact stays, and a replay can apply it).
/// </summary>
internal sealed class AgentEventApplier
{
    /// <summary>The <c>pipeline_state</c> row holding the id of the last applied fact.</summary>
    public const string Watermark = "agent_events_projected";

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly WriterConnection _connection;
    private readonly AgentEventProjector _projector;
    private readonly CorrelationScheduler _scheduler;
    private readonly CorrelationOptions _options;
    private readonly AgentEventProgress _progress;
    private readonly ILogger _logger;
    private Exception? _lastFailure;

    public AgentEventApplier(IDbConnectionFactory connections, WriteGate gate, WriterConnection connection, CorrelationScheduler scheduler, CorrelationOptions options, AgentEventProgress progress, ILogger logger)
    {
        _connections = connections;
        _gate = gate;
        _connection = connection;
        _projector = new AgentEventProjector(options);
        _scheduler = scheduler;
        _options = options;
        _progress = progress;
        _logger = logger;
    }

    /// <summary>Recovers, completes <paramref name="recovered"/>, then applies what stage 1 hands over until it completes.</summary>
    public async Task RunAsync(ChannelReader<List<StoredEvent>> stored, TaskCompletionSource recovered, int maxBatch)
    {
        try
        {
            var count = await AgentEventRecovery.RecoverAsync(_connections, ApplyAsync).ConfigureAwait(false);
            if (count > 0)
            {
                AgentEventLog.Recovered(_logger, count);
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            AgentEventLog.RecoveryFailed(_logger, ex);
        }
        finally
        {
            recovered.TrySetResult();
        }

        var batch = new List<StoredEvent>(maxBatch);
        while (await stored.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < maxBatch && stored.TryRead(out var facts))
            {
                batch.AddRange(facts);
            }

            _progress.TakenOver(batch.Count);
            if (batch.Count > 0)
            {
                try
                {
                    await ApplyAsync(batch, batch[^1].Id).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Stage 2 must keep running: what it could not apply is applied at the next start or by a replay.
                    AgentEventLog.ProjectionLoopError(_logger, ex);
                }
            }
        }
    }

    /// <summary>
    /// Applies facts inside a transaction the caller holds (stage 1 storing and applying at once) and moves the
    /// watermark to <paramref name="upTo"/> in it.
    /// </summary>
    public async Task<IReadOnlyList<DialogProjection>> ApplyInTransactionAsync(CommandCache commands, IReadOnlyList<StoredEvent> batch, long upTo)
    {
        var dialogs = await _projector.ProjectBatchAsync(commands, batch, CancellationToken.None).ConfigureAwait(false);
        await MoveWatermarkAsync(commands, upTo).ConfigureAwait(false);
        return dialogs;
    }

    /// <summary>Schedules re-correlation around the dialogs an application changed.</summary>
    public void Schedule(IReadOnlyList<DialogProjection> dialogs)
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

    /// <summary>Drops a stage's connection after a failure (on SQLite under the gate: the stages share it).</summary>
    public static async Task ResetAsync(WriteGate gate, WriterConnection connection)
    {
        using var _ = await gate.EnterAsync().ConfigureAwait(false);
        await connection.ResetAsync().ConfigureAwait(false);
    }

    private async Task ApplyAsync(List<StoredEvent> batch, long last)
    {
        if (!await TryProjectAsync(batch, last).ConfigureAwait(false) && batch.Count > 0)
        {
            AgentEventLog.BatchFailed(_logger, batch.Count, _lastFailure);
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
                    AgentEventLog.ProjectionFailed(_logger, item.Event.EventId, _lastFailure);
                }
            }

            await TryProjectAsync([], last).ConfigureAwait(false);
        }

        _progress.Applied(last);
    }

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
            await ResetAsync(_gate, _connection).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<IReadOnlyList<DialogProjection>> ProjectAsync(IReadOnlyList<StoredEvent> batch, long upTo)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        var (connection, commands) = await _connection.OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        commands.Transaction = transaction;
        try
        {
            var dialogs = await ApplyInTransactionAsync(commands, batch, upTo).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return dialogs;
        }
        finally
        {
            commands.Transaction = null;
        }
    }

    private static Task<int> MoveWatermarkAsync(CommandCache commands, long upTo) =>
        commands.ExecuteAsync("UPDATE pipeline_state SET value = @p1 WHERE name = @p0 AND value < @p1", CancellationToken.None, SqlArg.Text(Watermark), SqlArg.Long(upTo));
}
