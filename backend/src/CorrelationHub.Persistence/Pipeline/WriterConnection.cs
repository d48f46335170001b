using System.Data.Common;
using CorrelationHub.Persistence.Sql;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// One long-lived connection of a pipeline stage with its prepared statements. On SQLite both stages of the event
/// writer share one (they take turns through the <see cref="WriteGate"/>): a connection's page cache is dropped
/// whenever another connection has written, so two alternating writers would re-read every hot page on every
/// transaction. Reset after a failure; the next use opens a fresh one.
/// </summary>
internal sealed class WriterConnection : IAsyncDisposable
{
    private readonly IDbConnectionFactory _connections;
    private DbConnection? _connection;
    private CommandCache? _commands;

    public WriterConnection(IDbConnectionFactory connections) => _connections = connections;

    public async Task<(DbConnection Connection, CommandCache Commands)> OpenAsync()
    {
        if (_connection is not null && _commands is not null)
        {
            return (_connection, _commands);
        }

        _connection = await _connections.OpenAsync().ConfigureAwait(false);
        if (_connections.Dialect == SqlDialect.Sqlite)
        {
            // Checkpoints run in the background (the writer's CheckpointInBackground); a larger page cache for
            // the hot indexes.
            await using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-16000;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _commands = new CommandCache(_connection);
        return (_connection, _commands);
    }

    public async Task ResetAsync()
    {
        _commands?.Dispose();
        _commands = null;
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());
}
