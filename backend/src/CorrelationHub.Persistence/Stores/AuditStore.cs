using System.Runtime.CompilerServices;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// The audit log: appended to, read in time order, never changed (the database refuses UPDATE and DELETE on it;
/// retention does not touch it).
/// </summary>
public sealed class AuditStore
{
    private readonly IDbConnectionFactory _connections;
    private readonly WriteGate _gate;

    public AuditStore(IDbConnectionFactory connections, WriteGate gate)
    {
        _connections = connections;
        _gate = gate;
    }

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        using var _ = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (at_ms, actor, via, action, target, outcome, details, client)
            VALUES (@AtMs, @Actor, @Via, @Action, @Target, @Outcome, @Details, @Client)
            """,
            entry,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Entries matching the filter, oldest first (then in the order they were written), streamed.</summary>
    public async IAsyncEnumerable<AuditEntry> QueryAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (filter.FromMs is not null)
        {
            where.Add("at_ms >= @FromMs");
        }

        if (filter.ToMs is not null)
        {
            where.Add("at_ms < @ToMs");
        }

        if (filter.Actor is not null)
        {
            where.Add("actor = @Actor");
        }

        if (filter.Action is not null)
        {
            // The action itself, or its family: "account" matches "account.add".
            where.Add("(action = @Action OR action LIKE @ActionFamily)");
        }

        var sql = $"""
            SELECT id AS Id, at_ms AS AtMs, actor AS Actor, via AS Via, action AS Action, target AS Target, outcome AS Outcome, details AS Details, client AS Client
            FROM audit_log
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)}
            ORDER BY at_ms, id
            {(filter.Limit is not null ? "LIMIT @Limit" : string.Empty)}
            """;
        var parameters = new
        {
            filter.FromMs,
            filter.ToMs,
            filter.Actor,
            filter.Action,
            ActionFamily = filter.Action is null ? null : EscapeLike(filter.Action) + ".%",
            filter.Limit,
        };
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entry in connection.QueryUnbufferedAsync<AuditEntry>(sql, parameters).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>Action names are letters, digits, dots and dashes; LIKE's own wildcards never reach the pattern.</summary>
    private static string EscapeLike(string value) => new([.. value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')]);
}
