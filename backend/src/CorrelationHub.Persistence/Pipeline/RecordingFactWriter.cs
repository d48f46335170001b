using System.Text.Json;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Facts;
using CorrelationHub.Persistence.Sql;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>Stores a recording fact as received, applies it, and schedules its extension for re-correlation.</summary>
public sealed class RecordingFactWriter
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly CorrelationScheduler _scheduler;
    private readonly CorrelationOptions _options;

    public RecordingFactWriter(IDbConnectionFactory connections, WriteGate gate, CorrelationScheduler scheduler, IOptions<CorrelationOptions> options)
    {
        _connections = connections;
        _gate = gate;
        _scheduler = scheduler;
        _options = options.Value;
    }

    /// <summary>
    /// Stores a fact received in its JSON form as it came (members a newer writer added are kept) and applies it;
    /// returns the fact as read, or the reason it could not be read (then nothing is stored).
    /// </summary>
    public async Task<(RecordingFactData? Fact, string? Error)> WriteAsync(JsonElement json, DateTimeOffset received, CancellationToken cancellationToken = default)
    {
        if (!RecordingFactJson.TryRead(json, out var fact, out var error))
        {
            return (null, error);
        }

        return (await StoreAsync(RecordingFactReader.Read(fact, _options.NumberPlan), json.GetRawText(), received, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Stores a fact from the in-process ingest (as <see cref="RecordingFactJson"/>) and applies it.</summary>
    public Task<RecordingFactData> WriteAsync(RecordingFact fact, DateTimeOffset received, CancellationToken cancellationToken = default) =>
        StoreAsync(RecordingFactReader.Read(fact, _options.NumberPlan), RecordingFactJson.Serialize(fact), received, cancellationToken);

    /// <summary>
    /// Stores and applies facts from the in-process ingest in one transaction (one connection, statements prepared
    /// once): at hundreds of calls a second, a transaction per fact spent its time parsing SQL and committing. Facts
    /// are applied in order, so a segment's start is in place when its end is projected. If the batch fails, each
    /// fact is tried alone, so one bad fact costs only itself; <paramref name="failed"/> hears of each that fails.
    /// </summary>
    public async Task<IReadOnlyList<RecordingFactData>> WriteBatchAsync(IReadOnlyList<RecordingFact> facts, DateTimeOffset received, Action<RecordingFact, Exception> failed, CancellationToken cancellationToken = default)
    {
        var read = new List<(RecordingFact Source, RecordingFactData Fact, string Json)>(facts.Count);
        foreach (var fact in facts)
        {
            try
            {
                read.Add((fact, RecordingFactReader.Read(fact, _options.NumberPlan), RecordingFactJson.Serialize(fact)));
            }
            catch (Exception ex) when (ex is ArgumentException or NullReferenceException or InvalidOperationException or FormatException)
            {
                failed(fact, ex);
            }
        }

        if (read.Count == 0)
        {
            return [];
        }

        try
        {
            await StoreAllAsync([.. read.Select(r => (r.Fact, r.Json))], received, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (read.Count == 1)
            {
                failed(read[0].Source, ex);
                return [];
            }

            var stored = new List<RecordingFactData>(read.Count);
            foreach (var (source, fact, json) in read)
            {
                try
                {
                    stored.Add(await StoreAsync(fact, json, received, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception alone) when (alone is not OperationCanceledException)
                {
                    failed(source, alone);
                }
            }

            return stored;
        }

        return [.. read.Select(r => r.Fact)];
    }

    private async Task<RecordingFactData> StoreAsync(RecordingFactData fact, string json, DateTimeOffset received, CancellationToken cancellationToken)
    {
        await StoreAllAsync([(fact, json)], received, cancellationToken).ConfigureAwait(false);
        return fact;
    }

    /// <summary>Stores and applies the facts in order in one transaction, then schedules their extensions.</summary>
    private async Task StoreAllAsync(IReadOnlyList<(RecordingFactData Fact, string Json)> facts, DateTimeOffset received, CancellationToken cancellationToken)
    {
        using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var commands = new CommandCache(connection);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            commands.Transaction = transaction;
            foreach (var (fact, json) in facts)
            {
                await RecordingFactProjector.InsertFactAsync(commands, fact, received, json, cancellationToken).ConfigureAwait(false);
                await RecordingFactProjector.ProjectAsync(commands, fact, received, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (fact, _) in facts)
        {
            Schedule(fact);
        }
    }

    /// <summary>Schedules the fact's extension for re-correlation over the fact's window.</summary>
    private void Schedule(RecordingFactData fact)
    {
        if (fact.AgentExtension is { } extension)
        {
            var window = TimeSpan.FromSeconds(_options.CandidateWindowSeconds);
            var from = (fact.Start - window).ToUnixTimeMilliseconds();
            var to = ((fact.SegmentEnd ?? fact.OccurredAt) + window).ToUnixTimeMilliseconds();
            _scheduler.NoteRecording(extension, from, fact.SegmentEnd is null ? (fact.OccurredAt + TimeSpan.FromHours(12)).ToUnixTimeMilliseconds() : to);
            _scheduler.Schedule(new CorrelationWindow(extension, from, to));
        }
    }
}
