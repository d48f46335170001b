using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CorrelationHub.Persistence.Sql;

/// <summary>
/// SQLite's own prepared statements for <see cref="CommandCache"/>'s hot write paths: bound by position, stepped and
/// reset, without an ADO.NET reader per execution or a parameter lookup by name (which Microsoft.Data.Sqlite does
/// for every parameter on every execution). They run on the connection's handle, so inside its transaction.
/// Finalized on dispose, before the (pooled) connection is reused.
/// </summary>
internal sealed class SqliteStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, Prepared> _statements = new(StringComparer.Ordinal);

    public SqliteStatements(SqliteConnection connection) => _connection = connection;

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute(string sql, SqlArg[] args)
    {
        var (db, statement) = Bind(sql, args);
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                }
            }

            Check(rc, raw.SQLITE_DONE, db);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>The first column of the first row (as ADO.NET's ExecuteScalar: null without a row, DBNull for NULL).</summary>
    public object? Scalar(string sql, SqlArg[] args)
    {
        var (db, statement) = Bind(sql, args);
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc, raw.SQLITE_ROW, db);
            return raw.sqlite3_column_type(statement, 0) switch
            {
                raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, 0),
                raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, 0),
                raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, 0).utf8_to_string(),
                raw.SQLITE_NULL => DBNull.Value,
                _ => raw.sqlite3_column_blob(statement, 0).ToArray(),
            };
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private (sqlite3 Db, sqlite3_stmt Statement) Bind(string sql, SqlArg[] args)
    {
        var db = _connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        if (!_statements.TryGetValue(sql, out var prepared))
        {
            prepared = Prepare(db, sql);
            _statements[sql] = prepared;
        }

        var (statement, indexes) = prepared;
        if (indexes.Length != args.Length)
        {
            throw new ArgumentException($"The statement takes {indexes.Length} arguments, {args.Length} given.", nameof(args));
        }

        for (var i = 0; i < args.Length; i++)
        {
            var index = indexes[i];
            var rc = args[i].Value switch
            {
                null => raw.sqlite3_bind_null(statement, index),
                string text => raw.sqlite3_bind_text(statement, index, text),
                long number => raw.sqlite3_bind_int64(statement, index, number),
                int number => raw.sqlite3_bind_int64(statement, index, number),
                double real => raw.sqlite3_bind_double(statement, index, real),
                bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
                _ => throw new ArgumentException($"Argument {i} ({args[i].Type}) has no SQLite binding.", nameof(args)),
            };
            Check(rc, raw.SQLITE_OK, db);
        }

        return (db, statement);
    }

    /// <summary>Prepares once and finds where each of @p0, @p1… sits (SQLite numbers them by first appearance).</summary>
    private static Prepared Prepare(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail);
        Check(rc, raw.SQLITE_OK, db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException("One statement at a time: " + tail, nameof(sql));
        }

        var count = raw.sqlite3_bind_parameter_count(statement);
        var indexes = new int[count];
        for (var i = 0; i < count; i++)
        {
            indexes[i] = raw.sqlite3_bind_parameter_index(statement, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (indexes[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement's parameters must be @p0…@p{count - 1}; @p{i} is missing.", nameof(sql));
            }
        }

        return new Prepared(statement, indexes);
    }

    private static void Check(int rc, int expected, sqlite3 db)
    {
        if (rc != expected)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            throw new InvalidOperationException($"SQLite returned {rc}.");
        }
    }

    public void Dispose()
    {
        foreach (var prepared in _statements.Values)
        {
            prepared.Statement.Dispose();
        }

        _statements.Clear();
    }

    private sealed record Prepared(sqlite3_stmt Statement, int[] Indexes);
}
