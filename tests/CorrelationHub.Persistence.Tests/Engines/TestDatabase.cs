using Microsoft.Data.Sqlite;
using Npgsql;

namespace CorrelationHub.Persistence.Tests.Engines;

/// <summary>
/// A fresh, migrated database on one engine: a SQLite file in a temporary folder, or a schema of its own in the
/// PostgreSQL server named by <c>CORRELATIONHUB_TEST_POSTGRES</c> (scripts/test.sh starts a throwaway cluster and
/// sets it). Without that variable the PostgreSQL tests fail: a missing engine is a failure, never a skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CORRELATIONHUB_TEST_POSTGRES";

    private readonly Func<ValueTask> _cleanup;

    private TestDatabase(IDbConnectionFactory connections, Func<ValueTask> cleanup)
    {
        Connections = connections;
        _cleanup = cleanup;
    }

    public IDbConnectionFactory Connections { get; }

    public static async Task<TestDatabase> CreateAsync(Engine engine)
    {
        var database = engine == Engine.Sqlite ? CreateSqlite() : await CreatePostgresAsync();
        var applied = await new MigrationRunner(database.Connections, TimeProvider.System).MigrateAsync();
        Assert.NotEmpty(applied);
        return database;
    }

    private static TestDatabase CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ch-db-" + Guid.NewGuid().ToString("N"));
        var connections = new SqliteConnectionFactory($"Data Source={Path.Combine(directory, "test.db")}");
        return new TestDatabase(connections, () =>
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }

            return ValueTask.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException($"{PostgresVariable} is not set: the PostgreSQL half of the persistence suite needs a server. Run scripts/test.sh, which starts a throwaway cluster and sets it.");
        }

        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        var connections = new PostgresConnectionFactory(connectionString);
        return new TestDatabase(connections, async () =>
        {
            connections.Dispose();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public ValueTask DisposeAsync() => _cleanup();
}

public enum Engine
{
    Sqlite,
    Postgres,
}
