using CorrelationHub.Correlation.Cti;
using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Sql;
using Dapper;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Imports CUCM CTI trace lines (story B): each CH↔GCH pair is stored as a fact and becomes exact keys of the
/// dialog (node × 2^24 + GCH) on the line's DN: <c>refci</c> = CH and <c>session-id</c> = the device Session-ID.
/// Recordings carrying those keys are re-correlated.
/// </summary>
public sealed class CtiStore
{
    private const string InsertLeg = """
        INSERT INTO cti_legs (dialog_id, refci, gch_node, gch, ch_node, dn, device_name, session_id, trace_ms, imported_ms, line)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
        ON CONFLICT (dialog_id, refci) DO NOTHING
        """;

    private const string InsertKey = """
        INSERT INTO dialog_keys (dialog_id, extension, kind, value, source) VALUES (@p0, @p1, @p2, @p3, 'cti')
        ON CONFLICT (dialog_id, extension, kind, value) DO NOTHING
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;
    private readonly CorrelationScheduler _scheduler;
    private readonly CorrelationOptions _options;

    public CtiStore(IDbConnectionFactory connections, WriteGate gate, CorrelationScheduler scheduler, IOptions<CorrelationOptions> options)
    {
        _connections = connections;
        _gate = gate;
        _scheduler = scheduler;
        _options = options.Value;
    }

    public async Task<CtiImportResult> ImportAsync(IEnumerable<CtiCallLeg> legs, long nowMs, CancellationToken cancellationToken = default)
    {
        var all = legs.ToList();
        var pairs = all.DistinctBy(l => (l.DialogId, l.Ch)).ToList();
        var added = 0;
        using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var commands = new CommandCache(connection) { Transaction = transaction };
            foreach (var leg in pairs)
            {
                var refci = ExactKeys.Create(ExactKeys.Refci, leg.Ch.ToString(System.Globalization.CultureInfo.InvariantCulture))!.Value.Value;
                added += await commands.ExecuteAsync(
                    InsertLeg,
                    cancellationToken,
                    SqlArg.Text(leg.DialogId),
                    SqlArg.Text(refci),
                    SqlArg.Int(leg.GchNode),
                    SqlArg.Long(leg.Gch),
                    SqlArg.Int(leg.ChNode),
                    SqlArg.Text(leg.Dn),
                    SqlArg.Text(leg.DeviceName),
                    SqlArg.Text(leg.SessionDeviceId),
                    SqlArg.Long(leg.TraceTime?.ToUnixTimeMilliseconds()),
                    SqlArg.Long(nowMs),
                    SqlArg.Text(leg.Line)).ConfigureAwait(false);
                var extension = leg.Dn ?? string.Empty;
                await commands.ExecuteAsync(InsertKey, cancellationToken, SqlArg.Text(leg.DialogId), SqlArg.Text(extension), SqlArg.Text(ExactKeys.Refci), SqlArg.Text(refci)).ConfigureAwait(false);
                if (ExactKeys.Create(ExactKeys.SessionId, leg.SessionDeviceId) is { } session)
                {
                    await commands.ExecuteAsync(InsertKey, cancellationToken, SqlArg.Text(leg.DialogId), SqlArg.Text(extension), SqlArg.Text(session.Kind), SqlArg.Text(session.Value)).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Re-correlate the recordings that carry one of the imported keys.
        await using var reader = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var refcis = pairs.Select(p => ExactKeys.Create(ExactKeys.Refci, p.Ch.ToString(System.Globalization.CultureInfo.InvariantCulture))!.Value.Value).Distinct().ToList();
        var matching = 0;
        var window = _options.CandidateWindowSeconds * 1000L;
        foreach (var chunk in refcis.Chunk(500))
        {
            var segments = await reader.QueryAsync<(string? Extension, long StartMs, long? EndMs)>(new CommandDefinition(
                $"""
                SELECT s.agent_extension, s.start_ms, s.end_ms FROM segment_keys k
                JOIN recording_segments s ON s.recording_id = k.recording_id AND s.segment_index = k.segment_index
                WHERE k.kind = 'refci' AND {_connections.Dialect.InList("k.value", "@chunk")}
                """,
                new { chunk },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var segment in segments)
            {
                matching++;
                if (segment.Extension is { } extension)
                {
                    _scheduler.Schedule(new CorrelationWindow(extension, segment.StartMs - window, (segment.EndMs ?? segment.StartMs) + window));
                }
            }
        }

        return new CtiImportResult(all.Count, pairs.Count, added, matching);
    }
}
