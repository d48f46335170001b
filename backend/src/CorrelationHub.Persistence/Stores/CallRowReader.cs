using System.Data.Common;
using System.Globalization;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Persistence.Records;

namespace CorrelationHub.Persistence.Stores;

/// <summary>
/// Reads <see cref="CallQuery"/>'s rows into <see cref="CallRecord"/>s by column name (looked up once per query).
/// Each value is converted from whatever type it has in its own row: SQLite types values, not columns, so one
/// column can hold integers in some rows and reals in others (a mapper that fixes the types from the first row
/// fails part-way through an export). A query without the match columns is the unrecorded-leg query.
/// </summary>
internal sealed class CallRowReader
{
    public const string NoRecordingReason = "no recording segment is linked to this agent's part of the dialog";

    private readonly DbDataReader _reader;
    private readonly bool _sqlite;
    private readonly int _sortMs, _dialogId, _username, _firstName, _lastName, _extension, _callType, _from, _to, _dialogStart, _dialogEnd;
    private readonly int _recordingId, _segmentIndex, _refci, _farEnd, _recordingStart, _recordingEnd, _recordingSeconds;
    private readonly int _status, _confidence, _reason, _flags, _final, _teamName, _queueName, _callKey, _callVariables, _rank, _codecs;

    public CallRowReader(DbDataReader reader)
    {
        _reader = reader;
        _sqlite = reader is Microsoft.Data.Sqlite.SqliteDataReader;
        var ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            ordinals[reader.GetName(i)] = i;
        }

        int Of(string name) => ordinals.GetValueOrDefault(name, -1);
        (_sortMs, _dialogId, _username, _firstName, _lastName, _extension) = (Of("SortMs"), Of("DialogId"), Of("AgentUsername"), Of("FirstName"), Of("LastName"), Of("Extension"));
        (_callType, _from, _to, _dialogStart, _dialogEnd) = (Of("CallType"), Of("FromAddress"), Of("ToAddress"), Of("DialogStartMs"), Of("DialogEndMs"));
        (_recordingId, _segmentIndex, _refci, _farEnd) = (Of("RecordingId"), Of("SegmentIndex"), Of("Refci"), Of("FarEndAddress"));
        (_recordingStart, _recordingEnd, _recordingSeconds) = (Of("RecordingStartMs"), Of("RecordingEndMs"), Of("RecordingSeconds"));
        (_status, _confidence, _reason, _flags, _final) = (Of("MatchStatus"), Of("MatchConfidence"), Of("MatchReason"), Of("Flags"), Of("Final"));
        (_teamName, _queueName, _callKey, _callVariables, _rank, _codecs) = (Of("TeamName"), Of("QueueName"), Of("CallKey"), Of("CallVariables"), Of("LinkRank"), Of("Codecs"));
    }

    public CallRecord Read()
    {
        var first = Text(_firstName);
        var last = Text(_lastName);
        var unrecorded = _status < 0;
        return new CallRecord
        {
            SortMs = Long(_sortMs) ?? 0,
            DialogId = Text(_dialogId),
            AgentUsername = Text(_username),
            AgentName = first is null && last is null ? null : string.IsNullOrEmpty(first) ? last ?? string.Empty : string.IsNullOrEmpty(last) ? first : first + " " + last,
            Extension = Text(_extension),
            CallType = Text(_callType),
            FromAddress = Text(_from),
            ToAddress = Text(_to),
            DialogStartMs = Long(_dialogStart),
            DialogEndMs = Long(_dialogEnd),
            RecordingId = Text(_recordingId),
            SegmentIndex = Long(_segmentIndex) is { } index ? (int)index : null,
            Refci = Text(_refci),
            FarEndAddress = Text(_farEnd),
            RecordingStartMs = Long(_recordingStart),
            RecordingEndMs = Long(_recordingEnd),
            RecordingSeconds = Real(_recordingSeconds),
            MatchStatus = unrecorded ? MatchStatus.NoRecording : Text(_status),
            MatchConfidence = unrecorded ? 0 : Real(_confidence) ?? 0,
            MatchReason = unrecorded ? NoRecordingReason : Text(_reason),
            Flags = Text(_flags),
            Final = Long(_final) is { } final && final != 0,
            TeamName = Text(_teamName),
            QueueName = Text(_queueName),
            CallKey = Text(_callKey),
            CallVariables = Text(_callVariables),
            LinkRank = Long(_rank) is { } rank ? (int)rank : null,
            Codecs = Text(_codecs),
        };
    }

    // One provider call per value: GetValue gives DBNull or the value as its row stores it.
    private object? Value(int ordinal) => ordinal < 0 ? null : _reader.GetValue(ordinal) is var value && value is DBNull ? null : value;

    private string? Text(int ordinal) => Value(ordinal) switch
    {
        null => null,
        string text => text,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    // SQLite converts a value to the type asked for (sqlite3_column_int64/double), so numbers need no box there.
    private long? Long(int ordinal) => ordinal < 0 ? null : _sqlite ? (_reader.IsDBNull(ordinal) ? null : _reader.GetInt64(ordinal)) : Value(ordinal) switch
    {
        null => null,
        long number => number,
        var other => Convert.ToInt64(other, CultureInfo.InvariantCulture),
    };

    private double? Real(int ordinal) => ordinal < 0 ? null : _sqlite ? (_reader.IsDBNull(ordinal) ? null : _reader.GetDouble(ordinal)) : Value(ordinal) switch
    {
        null => null,
        double real => real,
        var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
    };
}
