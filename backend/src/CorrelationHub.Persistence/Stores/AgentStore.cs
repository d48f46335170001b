using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Timeline;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Agents' current state, sessions and state timeline, derived from their gadget events.</summary>
public sealed class AgentStore
{
    internal const string Columns = """
        username AS Username, first_name AS FirstName, last_name AS LastName, extension AS Extension, team_id AS TeamId,
        team_name AS TeamName, state AS State, state_change_ms AS StateChangeMs, reason_code_id AS ReasonCodeId, logged_in AS LoggedIn, login_ms AS LoginMs,
        logout_ms AS LogoutMs, last_seen_ms AS LastSeenMs
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public AgentStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    public async Task<IReadOnlyList<AgentRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<AgentRow>(new CommandDefinition($"SELECT {Columns} FROM agents ORDER BY username", cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    public async Task<AgentRow?> GetAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<AgentRow>(new CommandDefinition($"SELECT {Columns} FROM agents WHERE username = @username", new { username }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>An agent's sessions that touch [from, to], derived from presence marks (login, logout, heartbeats).</summary>
    public async Task<IReadOnlyList<AgentSession>> SessionsAsync(string username, DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Kind, string Extension, long FirstMs, long LastMs, string? TeamId, string? TeamName)>(new CommandDefinition(
            "SELECT kind, extension, first_ms, last_ms, team_id, team_name FROM agent_presence WHERE username = @username AND bucket_ms >= @fromMs AND bucket_ms <= @toMs",
            new { username, fromMs = (from - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds(), toMs = (to + timeout).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var sessions = AgentSessionBuilder.Build(
            rows.Select(r => new PresenceMark
            {
                Username = username,
                Kind = r.Kind,
                Extension = r.Extension,
                First = DateTimeOffset.FromUnixTimeMilliseconds(r.FirstMs),
                Last = DateTimeOffset.FromUnixTimeMilliseconds(r.LastMs),
                TeamId = r.TeamId,
                TeamName = r.TeamName,
            }),
            timeout,
            now);
        return [.. sessions.Where(s => s.Start <= to && s.Range.EndOr(now) >= from)];
    }

    /// <summary>The agent's state changes in [from, to] on Finesse server time.</summary>
    public async Task<IReadOnlyList<AgentStateRow>> StatesAsync(string username, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<AgentStateRow>(new CommandDefinition(
            """
            SELECT state_change_ms AS StateChangeMs, state AS State, reason_code_id AS ReasonCodeId, extension AS Extension
            FROM agent_states WHERE username = @username AND state_change_ms >= @fromMs AND state_change_ms <= @toMs ORDER BY state_change_ms, state
            """,
            new { username, fromMs = from.ToUnixTimeMilliseconds(), toMs = to.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Marks agents whose gadget has been silent longer than the timeout as no longer signed in; returns who.</summary>
    public async Task<IReadOnlyList<string>> CloseStaleAsync(DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var cutoff = (now - timeout).ToUnixTimeMilliseconds();
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stale = (await connection.QueryAsync<string>(new CommandDefinition("SELECT username FROM agents WHERE logged_in = 1 AND last_seen_ms < @cutoff ORDER BY username", new { cutoff }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (stale.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE agents SET logged_in = 0 WHERE logged_in = 1 AND last_seen_ms < @cutoff", new { cutoff }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stale;
    }
}
