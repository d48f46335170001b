using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CorrelationHub.Persistence;

/// <summary>SQLite in WAL mode: readers never block the writer; a busy timeout absorbs short write contention.</summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        _connectionString = builder.ToString();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // WAL is a property of the database file: set once. synchronous and busy_timeout are per connection.
        // synchronous=NORMAL in WAL mode: a commit survives a crash of this process (an acknowledged event is not
        // lost); only a power cut can lose the last commits before the next checkpoint.
        command.CommandText = _walSet ? "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _walSet = true;
        return connection;
    }

    private volatile bool _walSet;

    /// <summary>
    /// Copies committed WAL pages into the database without blocking writers or readers (PASSIVE), so the busy
    /// writer need not checkpoint inside its own commits (which would stall acknowledgements behind an fsync).
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
