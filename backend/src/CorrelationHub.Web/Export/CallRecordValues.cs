using System.Globalization;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Web.Live;

namespace CorrelationHub.Web.Export;

/// <summary>One call record as the export's column values, in <see cref="CallColumns.Names"/> order.</summary>
public static class CallRecordValues
{
    public static object?[] Of(CallRecord record, string baseUrl) =>
    [
        record.DialogId,
        record.AgentUsername,
        record.AgentName,
        record.Extension,
        record.CallType,
        record.FromAddress,
        record.ToAddress,
        IsoTime.FromMs(record.DialogStartMs),
        IsoTime.FromMs(record.DialogEndMs),
        record.RecordingId,
        record.SegmentIndex,
        record.Refci,
        record.FarEndAddress,
        IsoTime.FromMs(record.RecordingStartMs),
        IsoTime.FromMs(record.RecordingEndMs),
        record.RecordingSeconds is { } seconds ? Math.Round(seconds, 3) : null,
        record.RecordingId is { } id && record.SegmentIndex is { } index ? AudioUrls.For(baseUrl, id, index) : null,
        record.MatchStatus,
        record.MatchConfidence is { } confidence ? Math.Round(confidence, 3) : null,
        record.MatchReason,
        record.Flags,
        record.Final,
        record.LinkRank,
        record.TeamName,
        record.QueueName,
        record.CallKey,
        record.CallVariables,
    ];

    public static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString(),
    };
}
