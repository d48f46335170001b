using CorrelationHub.Persistence.Sql;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Which stored things belong to which Finesse teams (for readers limited to some teams).</summary>
public sealed class TeamScopeQuery
{
    private readonly IDbConnectionFactory _connections;

    public TeamScopeQuery(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>
    /// True when one of the recording's links names an agent who was in one of <paramref name="teamIds"/> when the
    /// segment started (every candidate of an ambiguous segment counts).
    /// </summary>
    public async Task<bool> RecordingInTeamsAsync(string recordingId, IReadOnlyCollection<string> teamIds, CancellationToken cancellationToken = default)
    {
        if (teamIds.Count == 0)
        {
            return false;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"""
            SELECT COUNT(*) FROM links l
            JOIN recording_segments s ON s.recording_id = l.recording_id AND s.segment_index = l.segment_index
            WHERE l.recording_id = @recordingId AND l.username IS NOT NULL
              AND {_connections.Dialect.InList(TeamAtTime.Id("l.username", "s.start_ms"), "@teams")}
            """;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { recordingId, teams = teamIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }
}
