using System.Data.Common;

namespace CorrelationHub.Persistence.Sql;

/// <summary>
/// Prepared statements kept for the life of one connection, for the hot write paths: a statement's text, with
/// positional parameters <c>@p0</c>, <c>@p1</c>…, is parsed once and then only its values change. On SQLite,
/// statements that return no reader run as SQLite's own statements (<see cref="SqliteStatements"/>), which runs
/// them synchronously as Microsoft.Data.Sqlite itself does.
/// </summary>
public sealed class CommandCache : IDisposable
{
    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly SqliteStatements? _sqlite;

    public CommandCache(DbConnection connection)
    {
        _connection = connection;
        _sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite ? new SqliteStatements(sqlite) : null;
    }

    public DbTransaction? Transaction { get; set; }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params SqlArg[] args)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _sqlite.Execute(sql, args);
        }

        var command = Prepare(sql, args);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params SqlArg[] args)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _sqlite.Scalar(sql, args);
        }

        var command = Prepare(sql, args);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DbDataReader> ReadAsync(string sql, CancellationToken cancellationToken, params SqlArg[] args)
    {
        var command = Prepare(sql, args);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    private DbCommand Prepare(string sql, SqlArg[] args)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
            {
                var parameter = command.CreateParameter();
                // The name as written in the statement: Microsoft.Data.Sqlite otherwise looks each name up once bare
                // and once per prefix (":", "@", "$") on every execution.
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.DbType = args[i].Type;
                command.Parameters.Add(parameter);
            }

            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i].Value ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _sqlite?.Dispose();
    }
}
