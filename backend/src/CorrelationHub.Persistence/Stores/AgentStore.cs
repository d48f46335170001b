using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Agents' current state, derived from their gadget events.</summary>
public sealed class AgentStore
{
    private const string Columns = """
        username AS Username, first_name AS FirstName, last_name AS LastName, extension AS Extension, team_id AS TeamId,
        team_name AS TeamName, state AS State, state_change_ms AS StateChangeMs, logged_in AS LoggedIn, login_ms AS LoginMs,
        logout_ms AS LogoutMs, last_seen_ms AS LastSeenMs
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public AgentStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    public async Task ApplyAsync(AgentEvent e, long receivedMs, CancellationToken cancellationToken = default)
    {
        var sql = e.Action switch
        {
            AgentActions.Login => """
                INSERT INTO agents (username, first_name, last_name, extension, team_id, team_name, logged_in, login_ms, last_seen_ms)
                VALUES (@Username, @FirstName, @LastName, @Extension, @TeamId, @TeamName, 1, @At, @At)
                ON CONFLICT (username) DO UPDATE SET
                  first_name = COALESCE(excluded.first_name, agents.first_name),
                  last_name = COALESCE(excluded.last_name, agents.last_name),
                  extension = COALESCE(excluded.extension, agents.extension),
                  team_id = COALESCE(excluded.team_id, agents.team_id),
                  team_name = COALESCE(excluded.team_name, agents.team_name),
                  logged_in = 1, login_ms = excluded.login_ms, last_seen_ms = excluded.last_seen_ms
                """,
            AgentActions.Logout => """
                INSERT INTO agents (username, state, logged_in, logout_ms, last_seen_ms)
                VALUES (@Username, 'LOGOUT', 0, @At, @At)
                ON CONFLICT (username) DO UPDATE SET state = 'LOGOUT', logged_in = 0, logout_ms = excluded.logout_ms, last_seen_ms = excluded.last_seen_ms
                """,
            AgentActions.State => """
                INSERT INTO agents (username, extension, state, state_change_ms, reason_code_id, logged_in, last_seen_ms)
                VALUES (@Username, @Extension, @State, @StateAt, @ReasonCodeId, @LoggedIn, @At)
                ON CONFLICT (username) DO UPDATE SET
                  extension = COALESCE(excluded.extension, agents.extension),
                  state = CASE WHEN agents.state_change_ms IS NULL OR excluded.state_change_ms >= agents.state_change_ms THEN excluded.state ELSE agents.state END,
                  reason_code_id = CASE WHEN agents.state_change_ms IS NULL OR excluded.state_change_ms >= agents.state_change_ms THEN excluded.reason_code_id ELSE agents.reason_code_id END,
                  logged_in = CASE WHEN agents.state_change_ms IS NULL OR excluded.state_change_ms >= agents.state_change_ms THEN excluded.logged_in ELSE agents.logged_in END,
                  state_change_ms = CASE WHEN agents.state_change_ms IS NULL OR excluded.state_change_ms >= agents.state_change_ms THEN excluded.state_change_ms ELSE agents.state_change_ms END,
                  last_seen_ms = excluded.last_seen_ms
                """,
            _ => """
                INSERT INTO agents (username, extension, logged_in, last_seen_ms)
                VALUES (@Username, @Extension, 1, @At)
                ON CONFLICT (username) DO UPDATE SET extension = COALESCE(excluded.extension, agents.extension), last_seen_ms = excluded.last_seen_ms
                """,
        };

        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(sql, new
        {
            e.Username,
            e.FirstName,
            e.LastName,
            e.Extension,
            e.TeamId,
            e.TeamName,
            e.State,
            e.ReasonCodeId,
            StateAt = e.StateChangeTime?.ToUnixTimeMilliseconds() ?? receivedMs,
            LoggedIn = e.State == "LOGOUT" ? 0 : 1,
            At = receivedMs,
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AgentRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<AgentRow>($"SELECT {Columns} FROM agents ORDER BY username").ConfigureAwait(false)).ToList();
    }

    /// <summary>The agent logged in on an extension at a time (Extension Mobility moves agents; the latest login wins).</summary>
    public async Task<AgentRow?> FindByExtensionAsync(string extension, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<AgentRow>($"SELECT {Columns} FROM agents WHERE extension = @extension ORDER BY logged_in DESC, last_seen_ms DESC", new { extension }).ConfigureAwait(false);
    }
}
