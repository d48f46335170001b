using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Tests.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Tests;

/// <summary>
/// A fresh, migrated database of one engine with the event writer on it, per test: the setting the store and query
/// contract suites share. Each engine's suite is a subclass naming its <see cref="Engine"/>.
/// </summary>
public abstract class EventPipelineContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 4, 20, 8, 37, 27, 480, TimeSpan.Zero);

    private TestDatabase? _database;
    private WriteGate? _gate;
    private AgentEventWriter? _writer;

    protected abstract Engine Engine { get; }

    protected IOptions<CorrelationOptions> Settings { get; } = Options.Create(new CorrelationOptions());

    protected CorrelationScheduler Scheduler { get; } = new();

    protected IDbConnectionFactory Db => Database.Connections;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    protected WriteGate Gate => _gate ?? throw new InvalidOperationException("not initialised");

    protected AgentEventWriter Writer => _writer ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Engine);
        _gate = new WriteGate(Db);
        _writer = new AgentEventWriter(Db, _gate, Scheduler, Settings, NullLogger<AgentEventWriter>.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
