using System.Text.Json;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using Dapper;

namespace CorrelationHub.Persistence.Tests;

/// <summary>What the store and record contract suites share: submitting events, reading the export, counting rows, test facts.</summary>
public abstract class StoreContractBase : EventPipelineContract
{
    protected async Task<bool> Submit(AgentEvent e, DateTimeOffset received)
    {
        var isNew = await Writer.SubmitAsync(e, received);
        await Writer.WhenAppliedAsync();
        return isNew;
    }

    protected async Task<List<CallRecord>> Export(CallFilter filter)
    {
        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(Db).StreamAsync(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    protected async Task<long> Count(string from)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {from}");
    }

    protected static JsonElement Fact(string kind, string recordingId, string extension, DateTimeOffset start, DateTimeOffset? end, string? refci = null) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["recordingId"] = recordingId,
            ["segmentIndex"] = 1,
            ["occurredAt"] = end ?? start,
            ["source"] = "cucm-bib",
            ["agentExtension"] = extension,
            ["farEndAddress"] = "+353858712345",
            ["refCi"] = refci,
            ["segmentStart"] = start,
            ["segmentEnd"] = end,
            ["audioFile"] = end is null ? null : $"{recordingId}-01.wav",
            ["audioSeconds"] = end is null ? null : (end.Value - start).TotalSeconds,
        });

    protected static string DialogJson(string agentState, string at) => $$$"""
        {"action":"dialog","username":"012345","extension":"61001","change":"updated",
         "dialog":{"id":"16798406","state":"ACTIVE","fromAddress":"+353858712345","toAddress":"61001",
           "mediaProperties":{"callType":"PREROUTE_ACD_IN"},
           "participants":[{"mediaAddress":"61001","mediaAddressType":"AGENT_DEVICE","state":"{{{agentState}}}","stateChangeTime":"{{{at}}}"},
                           {"mediaAddress":"+353858712345","state":"ACTIVE","stateChangeTime":"2026-04-20T08:37:27.480Z"}]}}
        """;

    protected static AgentEvent Event(string json)
    {
        var (e, error) = AgentEventReader.Read(JsonDocument.Parse(json).RootElement, () => Guid.NewGuid().ToString());
        Assert.Null(error);
        return e!;
    }
}
