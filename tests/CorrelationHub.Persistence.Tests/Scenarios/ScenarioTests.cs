using CorrelationHub.Persistence.Tests.Engines;

namespace CorrelationHub.Persistence.Tests.Scenarios;

/// <summary>
/// Every timeline scenario, on one engine: played in arrival order through the live pipeline, the export must be
/// exactly as expected; re-correlating the whole range afterwards must conclude the same; and the same facts
/// delivered in a shuffled order with every gadget event twice must conclude the same again.
/// </summary>
public abstract class ScenarioTests
{
    protected abstract Engine Engine { get; }

    public static IEnumerable<object[]> Names() => Scenario.All();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Links_are_exactly_as_expected_and_a_rebuild_agrees(string name)
    {
        var scenario = Scenario.Load(name);
        await using var database = await TestDatabase.CreateAsync(Engine);
        await using var runner = new ScenarioRunner(scenario, database.Connections);

        var live = await runner.PlayInOrderAsync();
        ScenarioAssert.Matches(scenario, live);

        var rebuilt = await runner.RecorrelateAllAtEndAsync();
        ScenarioAssert.Same($"{name}: the recorrelate rebuild", live, rebuilt);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Replayed_and_reordered_facts_change_nothing(string name)
    {
        var scenario = Scenario.Load(name);
        await using var ordered = await TestDatabase.CreateAsync(Engine);
        await using var inOrder = new ScenarioRunner(scenario, ordered.Connections);
        await inOrder.PlayInOrderAsync();
        var expected = await inOrder.RecorrelateAllAtEndAsync();

        await using var shuffledDatabase = await TestDatabase.CreateAsync(Engine);
        await using var shuffledRunner = new ScenarioRunner(scenario, shuffledDatabase.Connections);
        var shuffled = await shuffledRunner.PlayShuffledWithReplaysAsync(seed: name.Length);
        ScenarioAssert.Same($"{name}: shuffled with replays", expected, shuffled);
    }
}

public sealed class SqliteScenarioTests : ScenarioTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresScenarioTests : ScenarioTests
{
    protected override Engine Engine => Engine.Postgres;
}
