using CorrelationHub.Facts;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Persistence.Tests.Engines;

namespace CorrelationHub.Persistence.Tests;

/// <summary>Recording facts from the in-process ingest written in batches, one transaction each, once per engine.</summary>
public abstract class RecordingFactBatchContractTests : EventPipelineContract
{
    private static RecordingFact Fact(RecordingFactKind kind, string recordingId, DateTimeOffset start, DateTimeOffset? end = null) => new()
    {
        Kind = kind,
        RecordingId = recordingId,
        SegmentIndex = 1,
        OccurredAt = end ?? start,
        Source = "cucm-bib",
        AgentExtension = "61001",
        FarEndAddress = "+353858712345",
        SegmentStart = start,
        SegmentEnd = end,
        AudioFile = end is null ? null : $"{recordingId}-01.wav",
        AudioSeconds = end is null ? null : (end.Value - start).TotalSeconds,
    };

    [Fact]
    public async Task A_batch_applies_its_facts_in_order_and_one_bad_fact_costs_only_itself()
    {
        var writer = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        var failed = new List<RecordingFact>();
        var bad = Fact(RecordingFactKind.SegmentStarted, null!, T0);
        RecordingFact[] batch =
        [
            Fact(RecordingFactKind.RecordingStarted, "r1", T0),
            Fact(RecordingFactKind.SegmentStarted, "r1", T0),
            bad,
            Fact(RecordingFactKind.SegmentEnded, "r1", T0, T0.AddSeconds(42)),
            Fact(RecordingFactKind.SegmentStarted, "r2", T0.AddSeconds(5)),
        ];

        var applied = await writer.WriteBatchAsync(batch, T0.AddSeconds(42), (fact, _) => failed.Add(fact));

        Assert.Same(bad, Assert.Single(failed));
        Assert.Equal(["r1", "r1", "r1", "r2"], applied.Select(f => f.RecordingId));
        var segments = await new LiveMapQuery(Db).SegmentsAsync(null, [], [], T0.AddMinutes(-30).ToUnixTimeMilliseconds(), T0.AddHours(-12).ToUnixTimeMilliseconds());
        Assert.Equal(["r2#1", "r1#1"], segments.Select(s => s.Key));
        Assert.True(segments[1].HasAudio);
        Assert.False(segments[0].HasAudio);
    }

    [Fact]
    public async Task A_batch_of_good_facts_is_stored_whole()
    {
        var writer = new RecordingFactWriter(Db, Gate, Scheduler, Settings);
        var batch = Enumerable.Range(0, 200).SelectMany(i => new[]
        {
            Fact(RecordingFactKind.SegmentStarted, $"r{i}", T0.AddSeconds(i)),
            Fact(RecordingFactKind.SegmentEnded, $"r{i}", T0.AddSeconds(i), T0.AddSeconds(i + 10)),
        }).ToList();

        var applied = await writer.WriteBatchAsync(batch, T0.AddMinutes(5), (_, ex) => Assert.Fail(ex.ToString()));

        Assert.Equal(400, applied.Count);
        var segments = await new LiveMapQuery(Db).SegmentsAsync(null, [], [], T0.AddMinutes(-30).ToUnixTimeMilliseconds(), T0.AddHours(-12).ToUnixTimeMilliseconds());
        Assert.Equal(200, segments.Count);
        Assert.All(segments, s => Assert.True(s.HasAudio));
    }
}

public sealed class SqliteRecordingFactBatchTests : RecordingFactBatchContractTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresRecordingFactBatchTests : RecordingFactBatchContractTests
{
    protected override Engine Engine => Engine.Postgres;
}
