using System.Globalization;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Web.Live;

namespace CorrelationHub.Web.Export;

/// <summary>One call record as the export's column values, in <see cref="CallColumns.Names"/> order.</summary>
public static class CallRecordValues
{
    public static object?[] Of(CallRecord record, string baseUrl)
    {
        var values = new object?[CallColumns.Names.Count];
        Fill(record, baseUrl, values);
        return values;
    }

    /// <summary>Writes the values into <paramref name="values"/> (one per column), so a stream of rows can reuse one array.</summary>
    public static void Fill(CallRecord record, string baseUrl, object?[] values)
    {
        values[0] = record.DialogId;
        values[1] = record.AgentUsername;
        values[2] = record.AgentName;
        values[3] = record.Extension;
        values[4] = record.CallType;
        values[5] = record.FromAddress;
        values[6] = record.ToAddress;
        values[7] = IsoTime.FromMs(record.DialogStartMs);
        values[8] = IsoTime.FromMs(record.DialogEndMs);
        values[9] = record.RecordingId;
        values[10] = record.SegmentIndex;
        values[11] = record.Refci;
        values[12] = record.FarEndAddress;
        values[13] = IsoTime.FromMs(record.RecordingStartMs);
        values[14] = IsoTime.FromMs(record.RecordingEndMs);
        values[15] = record.RecordingSeconds is { } seconds ? Math.Round(seconds, 3) : null;
        values[16] = record.RecordingId is { } id && record.SegmentIndex is { } index ? AudioUrls.For(baseUrl, id, index) : null;
        values[17] = record.MatchStatus;
        values[18] = record.MatchConfidence is { } confidence ? Math.Round(confidence, 3) : null;
        values[19] = record.MatchReason;
        values[20] = record.Flags;
        values[21] = record.Final;
        values[22] = record.LinkRank;
        values[23] = record.TeamName;
        values[24] = record.QueueName;
        values[25] = record.CallKey;
        values[26] = record.CallVariables;
        values[27] = record.Codecs;
    }

    /// <summary>
    /// The same values as text, as <see cref="Text"/> writes them, in column order: what the CSV export writes,
    /// without a box per number. Kept beside <see cref="Fill"/> for speed; ExportSliceTests holds the two to the same
    /// texts column by column.
    /// </summary>
    public static void FillText(CallRecord record, string baseUrl, string?[] texts)
    {
        texts[0] = record.DialogId;
        texts[1] = record.AgentUsername;
        texts[2] = record.AgentName;
        texts[3] = record.Extension;
        texts[4] = record.CallType;
        texts[5] = record.FromAddress;
        texts[6] = record.ToAddress;
        texts[7] = IsoTime.FromMs(record.DialogStartMs);
        texts[8] = IsoTime.FromMs(record.DialogEndMs);
        texts[9] = record.RecordingId;
        texts[10] = Integer(record.SegmentIndex);
        texts[11] = record.Refci;
        texts[12] = record.FarEndAddress;
        texts[13] = IsoTime.FromMs(record.RecordingStartMs);
        texts[14] = IsoTime.FromMs(record.RecordingEndMs);
        texts[15] = record.RecordingSeconds is { } seconds ? Decimals(Math.Round(seconds, 3)) : null;
        texts[16] = record.RecordingId is { } id && record.SegmentIndex is { } index ? AudioUrls.For(baseUrl, id, index) : null;
        texts[17] = record.MatchStatus;
        texts[18] = record.MatchConfidence is { } confidence ? Decimals(Math.Round(confidence, 3)) : null;
        texts[19] = record.MatchReason;
        texts[20] = record.Flags;
        texts[21] = record.Final ? "true" : "false";
        texts[22] = Integer(record.LinkRank);
        texts[23] = record.TeamName;
        texts[24] = record.QueueName;
        texts[25] = record.CallKey;
        texts[26] = record.CallVariables;
        texts[27] = record.Codecs;
    }

    private static readonly string[] SmallNumbers = [.. Enumerable.Range(0, 64).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private static string? Integer(int? value) => value switch
    {
        null => null,
        >= 0 and < 64 => SmallNumbers[value.Value],
        _ => value.Value.ToString(CultureInfo.InvariantCulture),
    };

    public static string? Text(object? value) => value switch
    {
        null => null,
        double d => Decimals(d),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString(),
    };

    /// <summary>
    /// As "0.###" (at most three decimals, no trailing zeros). For a value already rounded to three decimals
    /// that is its shortest round-trip form, which formats much faster than a custom pattern.
    /// </summary>
    private static string Decimals(double d) => d switch
    {
        0 when !double.IsNegative(d) => "0",
        > 0 and < 1e15 when Math.Round(d, 3) == d => d.ToString(CultureInfo.InvariantCulture),
        _ => d.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
