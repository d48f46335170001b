using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using Dapper;

namespace CorrelationHub.Persistence.Stores;

/// <summary>Reads one dialog for the call detail view: properties, legs, participant timeline, linked segments and their links.</summary>
public sealed class DialogDetailQuery
{
    private readonly IDbConnectionFactory _connections;

    public DialogDetailQuery(IDbConnectionFactory connections) => _connections = connections;

    public async Task<DialogDetail?> GetAsync(string dialogId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialog = await connection.QueryFirstOrDefaultAsync<DialogDetail>(new CommandDefinition(
            """
            SELECT dialog_id AS DialogId, media_type AS MediaType, state AS State, call_type AS CallType, from_address AS FromAddress,
                   to_address AS ToAddress, dialed_number AS DialedNumber, dnis AS Dnis, queue_name AS QueueName, call_key AS CallKey,
                   call_variables AS CallVariables, secondary_id AS SecondaryId, associated_dialog_id AS AssociatedDialogId,
                   first_seen_ms AS FirstSeenMs, last_seen_ms AS LastSeenMs
            FROM dialogs WHERE dialog_id = @dialogId
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (dialog is null)
        {
            return null;
        }

        var legs = await connection.QueryAsync<DialogLegDetail>(new CommandDefinition(
            """
            SELECT l.extension AS Extension, l.username AS Username, a.first_name AS FirstName, a.last_name AS LastName, a.team_id AS TeamId,
                   a.team_name AS TeamName, l.call_type AS CallType, l.start_ms AS StartMs, l.end_ms AS EndMs, l.removed_ms AS RemovedMs
            FROM dialog_legs l LEFT JOIN agents a ON a.username = l.username
            WHERE l.dialog_id = @dialogId ORDER BY l.first_seen_ms, l.extension
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var participants = await connection.QueryAsync<ParticipantStateRow>(new CommandDefinition(
            """
            SELECT media_address AS MediaAddress, media_address_type AS MediaAddressType, state AS State, state_change_ms AS StateChangeMs
            FROM dialog_participant_states WHERE dialog_id = @dialogId ORDER BY state_change_ms, media_address, state
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var segments = (await connection.QueryAsync<SegmentRow>(new CommandDefinition(
            """
            SELECT s.recording_id AS RecordingId, s.segment_index AS SegmentIndex, s.agent_extension AS AgentExtension, s.far_end_address AS FarEndAddress,
                   s.start_ms AS StartMs, s.end_ms AS EndMs, s.audio_file AS AudioFile, s.audio_seconds AS AudioSeconds, s.available_ms AS AvailableMs,
                   s.end_reason AS EndReason, s.flags AS Flags, s.quality AS Quality, s.codecs AS Codecs
            FROM recording_segments s
            WHERE EXISTS (SELECT 1 FROM links k WHERE k.recording_id = s.recording_id AND k.segment_index = s.segment_index AND k.dialog_id = @dialogId)
            ORDER BY s.start_ms, s.recording_id, s.segment_index
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var links = (await connection.QueryAsync<StoredLink>(new CommandDefinition(
            """
            SELECT l.recording_id AS RecordingId, l.segment_index AS SegmentIndex, l.rank AS Rank, l.dialog_id AS DialogId, l.extension AS Extension,
                   l.username AS Username, l.status AS Status, l.confidence AS Confidence, l.reason AS Reason, l.final AS Final
            FROM links l
            WHERE EXISTS (SELECT 1 FROM links k WHERE k.recording_id = l.recording_id AND k.segment_index = l.segment_index AND k.dialog_id = @dialogId)
            ORDER BY l.recording_id, l.segment_index, l.rank
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var refcis = (await connection.QueryAsync<(string RecordingId, string? Refci)>(new CommandDefinition(
            """
            SELECT r.recording_id, r.refci FROM recordings r
            WHERE EXISTS (SELECT 1 FROM links k WHERE k.recording_id = r.recording_id AND k.dialog_id = @dialogId)
            """,
            new { dialogId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(r => r.RecordingId, r => r.Refci, StringComparer.Ordinal);
        return dialog with
        {
            Legs = [.. legs],
            Participants = [.. participants],
            Segments = [.. segments.Select(s => new LinkedSegmentDetail
            {
                Segment = s,
                Refci = refcis.GetValueOrDefault(s.RecordingId),
                Links = [.. links.Where(l => l.RecordingId == s.RecordingId && l.SegmentIndex == s.SegmentIndex)],
            })],
        };
    }
}
