using System.Data.Common;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Sql;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>The engine's current conclusions: each run replaces the links of the segments it evaluated.</summary>
public sealed class LinkStore
{
    private const string Delete = "DELETE FROM links WHERE recording_id = @p0 AND segment_index = @p1";

    private const string Insert = """
        INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
        """;

    private readonly IDbConnectionFactory _connections;

    public LinkStore(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>
    /// Writes the links of every segment whose conclusion changed (or whose finality changes) and returns those
    /// links. Unchanged segments are not touched, so a re-run that concludes the same writes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<SegmentLink>> ReplaceAsync(DbConnection connection, IReadOnlyList<SegmentLink> links, IReadOnlyList<StoredLink> existing, bool finalize, long nowMs, CancellationToken cancellationToken)
    {
        var before = existing.GroupBy(l => (l.RecordingId, l.SegmentIndex)).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Rank).ToList());
        var changed = new List<SegmentLink>();
        var toWrite = new List<(string, int, List<SegmentLink>, bool)>();
        foreach (var group in links.GroupBy(l => (l.RecordingId, l.SegmentIndex)))
        {
            var now = group.OrderBy(l => l.Rank).ToList();
            var old = before.GetValueOrDefault(group.Key);
            var same = old is not null && old.Count == now.Count && old.Zip(now).All(p => Same(p.First, p.Second));
            var final = finalize || (same && old!.All(l => l.Final));
            if (same && old!.All(l => l.Final) == final)
            {
                continue;
            }

            if (!same)
            {
                changed.AddRange(now);
            }

            toWrite.Add((group.Key.RecordingId, group.Key.SegmentIndex, now, final));
        }

        if (toWrite.Count == 0)
        {
            return changed;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var commands = new CommandCache(connection) { Transaction = transaction };
        foreach (var (recordingId, index, segmentLinks, final) in toWrite)
        {
            if (before.ContainsKey((recordingId, index)))
            {
                await commands.ExecuteAsync(Delete, cancellationToken, SqlArg.Text(recordingId), SqlArg.Int(index)).ConfigureAwait(false);
            }

            foreach (var link in segmentLinks)
            {
                await commands.ExecuteAsync(
                    Insert,
                    cancellationToken,
                    SqlArg.Text(link.RecordingId),
                    SqlArg.Int(link.SegmentIndex),
                    SqlArg.Int(link.Rank),
                    SqlArg.Text(link.DialogId),
                    SqlArg.Text(link.Extension),
                    SqlArg.Text(link.Username),
                    SqlArg.Text(link.Status),
                    SqlArg.Real(link.Confidence),
                    SqlArg.Text(link.Reason),
                    SqlArg.Flag(final),
                    SqlArg.Long(nowMs)).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The links of one recording, best first per segment.</summary>
    public async Task<IReadOnlyList<StoredLink>> OfRecordingAsync(string recordingId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<StoredLink>(new CommandDefinition(
            """
            SELECT recording_id AS RecordingId, segment_index AS SegmentIndex, rank AS Rank, dialog_id AS DialogId, extension AS Extension,
                   username AS Username, status AS Status, confidence AS Confidence, reason AS Reason, final AS Final
            FROM links WHERE recording_id = @recordingId ORDER BY segment_index, rank
            """,
            new { recordingId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    private static bool Same(StoredLink stored, SegmentLink link) =>
        stored.Rank == link.Rank
        && stored.DialogId == link.DialogId
        && stored.Extension == link.Extension
        && stored.Username == link.Username
        && stored.Status == link.Status
        && Math.Abs(stored.Confidence - link.Confidence) < 1e-9
        && stored.Reason == link.Reason;
}
