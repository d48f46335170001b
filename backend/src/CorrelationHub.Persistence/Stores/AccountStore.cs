using System.Data.Common;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Local accounts, their teams and their sign-in sessions. Usernames are case-insensitive (stored lower-case).
/// A password change or the removal of an account ends its sessions, in the same transaction.
/// </summary>
public sealed class AccountStore
{
    private const string Columns = """
        username AS Username, display_name AS DisplayName, role AS Role, password_hash AS PasswordHash, version AS Version,
        created_ms AS CreatedMs, updated_ms AS UpdatedMs, password_changed_ms AS PasswordChangedMs
        """;

    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public AccountStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Adds an account; false when the username is taken.</summary>
    public async Task<bool> AddAsync(AccountRow account, CancellationToken cancellationToken = default)
    {
        var username = Normalize(account.Username);
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO accounts (username, display_name, role, password_hash, version, created_ms, updated_ms, password_changed_ms)
            VALUES (@username, @DisplayName, @Role, @PasswordHash, 1, @CreatedMs, @CreatedMs, @CreatedMs)
            ON CONFLICT (username) DO NOTHING
            """,
            new { username, account.DisplayName, account.Role, account.PasswordHash, account.CreatedMs },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        await ReplaceTeamsAsync(connection, transaction, username, account.Teams, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<AccountRow?> GetAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, null, Normalize(username), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AccountRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var accounts = await connection.QueryAsync<AccountRow>(new CommandDefinition($"SELECT {Columns} FROM accounts ORDER BY username", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var teams = (await connection.QueryAsync<(string Username, string TeamId)>(new CommandDefinition("SELECT username, team_id FROM account_teams ORDER BY username, team_id", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(t => t.Username, t => t.TeamId, StringComparer.Ordinal);
        return [.. accounts.Select(a => a with { Teams = [.. teams[a.Username]] })];
    }

    /// <summary>Changes role, teams and/or name (null: unchanged) and bumps the version; null when there is no such account.</summary>
    public async Task<AccountRow?> UpdateAsync(string username, string? role, IReadOnlyList<string>? teams, string? displayName, long nowMs, CancellationToken cancellationToken = default)
    {
        username = Normalize(username);
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE accounts SET role = COALESCE(@role, role), display_name = COALESCE(@displayName, display_name), version = version + 1, updated_ms = @nowMs
            WHERE username = @username
            """,
            new { username, role, displayName, nowMs },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated == 0)
        {
            return null;
        }

        if (teams is not null)
        {
            await ReplaceTeamsAsync(connection, transaction, username, teams, cancellationToken).ConfigureAwait(false);
        }

        var account = await GetAsync(connection, transaction, username, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return account;
    }

    /// <summary>Replaces the password hash and ends every session of the account; false when there is no such account.</summary>
    public async Task<bool> SetPasswordAsync(string username, string passwordHash, long nowMs, CancellationToken cancellationToken = default)
    {
        username = Normalize(username);
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET password_hash = @passwordHash, password_changed_ms = @nowMs, updated_ms = @nowMs WHERE username = @username",
            new { username, passwordHash, nowMs },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated > 0)
        {
            await EndSessionsAsync(connection, transaction, username, "password-changed", nowMs, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated > 0;
    }

    /// <summary>Upgrades a hash in place (same password, stronger parameters); sessions are kept.</summary>
    public async Task RehashAsync(string username, string previousHash, string passwordHash, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET password_hash = @passwordHash WHERE username = @username AND password_hash = @previousHash",
            new { username = Normalize(username), previousHash, passwordHash },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes the account and its teams and ends its sessions; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string username, long nowMs, CancellationToken cancellationToken = default)
    {
        username = Normalize(username);
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var removed = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM accounts WHERE username = @username", new { username }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM account_teams WHERE username = @username", new { username }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await EndSessionsAsync(connection, transaction, username, "account-removed", nowMs, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed > 0;
    }

    /// <summary>Records a new sign-in; sessions created before <paramref name="forgetBeforeMs"/> (past any lifetime) are forgotten.</summary>
    public async Task StartSessionAsync(string sessionId, string username, long nowMs, long forgetBeforeMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM account_sessions WHERE created_ms < @forgetBeforeMs", new { forgetBeforeMs }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO account_sessions (session_id, username, created_ms) VALUES (@sessionId, @username, @nowMs)",
            new { sessionId, username = Normalize(username), nowMs },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends one session (sign-out); false when it was unknown or already ended.</summary>
    public async Task<bool> EndSessionAsync(string sessionId, string reason, long nowMs, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE account_sessions SET ended_ms = @nowMs, end_reason = @reason WHERE session_id = @sessionId AND ended_ms IS NULL",
            new { sessionId, reason, nowMs },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>A session and its account (null when the account is gone), or null when the session is unknown.</summary>
    public async Task<(AccountSessionRow Session, AccountRow? Account)?> SessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var session = await connection.QueryFirstOrDefaultAsync<AccountSessionRow>(new CommandDefinition(
            "SELECT session_id AS SessionId, username AS Username, created_ms AS CreatedMs, ended_ms AS EndedMs, end_reason AS EndReason FROM account_sessions WHERE session_id = @sessionId",
            new { sessionId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        return (session, await GetAsync(connection, null, session.Username, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<AccountRow?> GetAsync(DbConnection connection, DbTransaction? transaction, string username, CancellationToken cancellationToken)
    {
        var account = await connection.QueryFirstOrDefaultAsync<AccountRow>(new CommandDefinition($"SELECT {Columns} FROM accounts WHERE username = @username", new { username }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (account is null)
        {
            return null;
        }

        var teams = await connection.QueryAsync<string>(new CommandDefinition("SELECT team_id FROM account_teams WHERE username = @username ORDER BY team_id", new { username }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return account with { Teams = [.. teams] };
    }

    private static async Task ReplaceTeamsAsync(DbConnection connection, DbTransaction transaction, string username, IReadOnlyList<string> teams, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM account_teams WHERE username = @username", new { username }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var teamId in teams.Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO account_teams (username, team_id) VALUES (@username, @teamId)", new { username, teamId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private static Task<int> EndSessionsAsync(DbConnection connection, DbTransaction transaction, string username, string reason, long nowMs, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE account_sessions SET ended_ms = @nowMs, end_reason = @reason WHERE username = @username AND ended_ms IS NULL",
            new { username, reason, nowMs },
            transaction,
            cancellationToken: cancellationToken));
}
