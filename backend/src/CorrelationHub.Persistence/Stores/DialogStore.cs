using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Reads of derived dialog state (the writes are the gadget event projection's).</summary>
public sealed class DialogStore
{
    private const string Columns = """
        d.dialog_id AS DialogId, l.username AS Username, l.extension AS Extension, COALESCE(l.call_type, d.call_type) AS CallType, d.from_address AS FromAddress,
        d.to_address AS ToAddress, d.state AS State, l.start_ms AS StartMs, l.end_ms AS EndMs,
        CASE WHEN l.removed_ms IS NULL THEN 0 ELSE 1 END AS Removed
        """;

    private readonly IDbConnectionFactory _connections;

    public DialogStore(IDbConnectionFactory connections) => _connections = connections;

    /// <summary>The dialogs still in an agent's list (not removed), oldest first.</summary>
    public async Task<IReadOnlyList<DialogRow>> OpenForUserAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<DialogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM dialog_legs l JOIN dialogs d ON d.dialog_id = l.dialog_id WHERE l.username = @username AND l.removed_ms IS NULL ORDER BY l.first_seen_ms, d.dialog_id",
            new { username },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Every agent leg of a dialog.</summary>
    public async Task<IReadOnlyList<DialogRow>> LegsAsync(string dialogId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<DialogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM dialog_legs l JOIN dialogs d ON d.dialog_id = l.dialog_id WHERE d.dialog_id = @dialogId ORDER BY l.extension",
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
