using System.Globalization;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Timeline;
using CorrelationHub.Persistence.Sql;

namespace CorrelationHub.Persistence.Pipeline;

/// <summary>
/// Applies gadget events (stored by <see cref="AgentEventInserts"/>) to derived state: agent, presence, state timeline, dialog, leg and participant states.
/// Every statement is idempotent and order-insensitive (upserts keep the newest by Finesse or event time, inserts
/// ignore what is there), so replaying stored facts, duplicates or reordered snapshots change nothing.
/// </summary>
public sealed class AgentEventProjector
{
    public const long PresenceBucketMs = 60_000;

    private static readonly string UpsertPresence = $"""
        INSERT INTO agent_presence (username, kind, extension, bucket_ms, first_ms, last_ms, team_id, team_name)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p7, @p5, @p6)
        ON CONFLICT (username, kind, extension, bucket_ms) DO UPDATE SET
          first_ms = {SqlExpr.Min("excluded.first_ms", "agent_presence.first_ms")},
          last_ms = {SqlExpr.Max("excluded.last_ms", "agent_presence.last_ms")},
          team_id = COALESCE(excluded.team_id, agent_presence.team_id),
          team_name = COALESCE(excluded.team_name, agent_presence.team_name)
        """;

    private static readonly string NewerState = "excluded.state IS NOT NULL AND (agents.state_change_ms IS NULL OR excluded.state_change_ms >= agents.state_change_ms)";

    private static readonly string UpsertAgent = $"""
        INSERT INTO agents (username, first_name, last_name, extension, team_id, team_name, state, state_change_ms, reason_code_id, logged_in, login_ms, logout_ms, active_ms, last_seen_ms)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13)
        ON CONFLICT (username) DO UPDATE SET
          first_name = COALESCE(excluded.first_name, agents.first_name),
          last_name = COALESCE(excluded.last_name, agents.last_name),
          extension = CASE WHEN excluded.extension IS NOT NULL AND excluded.last_seen_ms >= agents.last_seen_ms THEN excluded.extension ELSE COALESCE(agents.extension, excluded.extension) END,
          team_id = COALESCE(excluded.team_id, agents.team_id),
          team_name = COALESCE(excluded.team_name, agents.team_name),
          state = CASE WHEN {NewerState} THEN excluded.state ELSE agents.state END,
          reason_code_id = CASE WHEN {NewerState} THEN excluded.reason_code_id ELSE agents.reason_code_id END,
          state_change_ms = CASE WHEN {NewerState} THEN excluded.state_change_ms ELSE agents.state_change_ms END,
          login_ms = {SqlExpr.Max("excluded.login_ms", "agents.login_ms")},
          logout_ms = {SqlExpr.Max("excluded.logout_ms", "agents.logout_ms")},
          active_ms = {SqlExpr.Max("excluded.active_ms", "agents.active_ms")},
          last_seen_ms = {SqlExpr.Max("excluded.last_seen_ms", "agents.last_seen_ms")},
          logged_in = CASE WHEN COALESCE({SqlExpr.Max("excluded.active_ms", "agents.active_ms")}, -1) > COALESCE({SqlExpr.Max("excluded.logout_ms", "agents.logout_ms")}, -1) THEN 1 ELSE 0 END
        """;

    private const string InsertState = """
        INSERT INTO agent_states (username, state_change_ms, state, reason_code_id, extension)
        VALUES (@p0, @p1, @p2, @p3, @p4)
        ON CONFLICT (username, state_change_ms, state) DO NOTHING
        """;

    private static readonly string UpsertDialog = BuildUpsertDialog();

    private static readonly string UpsertLeg = $"""
        INSERT INTO dialog_legs (dialog_id, extension, username, agent_address, call_type, removed_ms, first_seen_ms, last_seen_ms)
        VALUES (@p0, @p1, @p2, @p3, @p6, @p4, @p5, @p5)
        ON CONFLICT (dialog_id, extension) DO UPDATE SET
          username = CASE WHEN excluded.last_seen_ms >= dialog_legs.last_seen_ms THEN COALESCE(excluded.username, dialog_legs.username) ELSE COALESCE(dialog_legs.username, excluded.username) END,
          call_type = CASE WHEN excluded.last_seen_ms >= dialog_legs.last_seen_ms THEN COALESCE(excluded.call_type, dialog_legs.call_type) ELSE COALESCE(dialog_legs.call_type, excluded.call_type) END,
          agent_address = COALESCE(dialog_legs.agent_address, excluded.agent_address),
          removed_ms = {SqlExpr.Min("excluded.removed_ms", "dialog_legs.removed_ms")},
          first_seen_ms = {SqlExpr.Min("excluded.first_seen_ms", "dialog_legs.first_seen_ms")},
          last_seen_ms = {SqlExpr.Max("excluded.last_seen_ms", "dialog_legs.last_seen_ms")},
          final_ms = NULL
        """;

    /// <summary>Inserting 1 to 6 participants in one statement (a snapshot's participants arrive together).</summary>
    private static readonly string[] ParticipantRows = [.. Enumerable.Range(1, 6).Select(n =>
        "INSERT INTO dialog_participant_states (dialog_id, media_address, state, state_change_ms, media_address_type, start_ms, received_ms) VALUES "
        + string.Join(", ", Enumerable.Range(0, n).Select(r => "(" + string.Join(", ", Enumerable.Range(r * 7, 7).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture))) + ")"))
        + " ON CONFLICT (dialog_id, media_address, state, state_change_ms) DO NOTHING")];

    // A leg's first ACTIVE and its final drop, in one statement, by the same rule as DialogTimeline.Build: the drop is
    // the first WRAP_UP/DROPPED/FAILED at or after the last ACTIVE; if none and the dialog was removed, the removal
    // (never before the last ACTIVE); otherwise still on the call.
    private static readonly string RefreshLeg = $"""
        UPDATE dialog_legs SET
          start_ms = (SELECT MIN(p.state_change_ms) FROM dialog_participant_states p WHERE p.dialog_id = @p0 AND p.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND p.state = 'ACTIVE'),
          end_ms = CASE
            WHEN (SELECT MAX(q.state_change_ms) FROM dialog_participant_states q WHERE q.dialog_id = @p0 AND q.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND q.state = 'ACTIVE') IS NULL THEN NULL
            WHEN (SELECT MIN(r.state_change_ms) FROM dialog_participant_states r WHERE r.dialog_id = @p0 AND r.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND r.state IN ('WRAP_UP', 'DROPPED', 'FAILED') AND r.state_change_ms >= (SELECT MAX(q.state_change_ms) FROM dialog_participant_states q WHERE q.dialog_id = @p0 AND q.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND q.state = 'ACTIVE')) IS NOT NULL THEN (SELECT MIN(r.state_change_ms) FROM dialog_participant_states r WHERE r.dialog_id = @p0 AND r.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND r.state IN ('WRAP_UP', 'DROPPED', 'FAILED') AND r.state_change_ms >= (SELECT MAX(q.state_change_ms) FROM dialog_participant_states q WHERE q.dialog_id = @p0 AND q.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND q.state = 'ACTIVE'))
            WHEN dialog_legs.removed_ms IS NULL THEN NULL
            WHEN dialog_legs.removed_ms > (SELECT MAX(q.state_change_ms) FROM dialog_participant_states q WHERE q.dialog_id = @p0 AND q.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND q.state = 'ACTIVE') THEN dialog_legs.removed_ms
            ELSE (SELECT MAX(q.state_change_ms) FROM dialog_participant_states q WHERE q.dialog_id = @p0 AND q.media_address = COALESCE(dialog_legs.agent_address, dialog_legs.extension) AND q.state = 'ACTIVE') END
        WHERE dialog_id = @p0 AND extension = @p1
        """;

    private const string InsertDialogKey = """
        INSERT INTO dialog_keys (dialog_id, extension, kind, value, source) VALUES (@p0, @p1, @p2, @p3, @p4)
        ON CONFLICT (dialog_id, extension, kind, value) DO NOTHING
        """;

    private readonly CorrelationOptions _options;

    public AgentEventProjector(CorrelationOptions options) => _options = options;

    /// <summary>Applies one event to derived state; returns the dialog projection for dialog events (to re-correlate).</summary>
    public async Task<DialogProjection?> ProjectAsync(CommandCache commands, AgentEvent e, DateTimeOffset received, DateTimeOffset eventTime, CancellationToken cancellationToken) =>
        (await ProjectBatchAsync(commands, [new StoredEvent(0, e, received, eventTime)], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// Applies a batch of events, in order. Agent rows and presence marks merge commutatively (newest, earliest,
    /// latest, or first non-null wins), so they are merged in memory and written once per agent (and per mark)
    /// for the whole batch; dialog rows and participant states are written per event, leg times once per leg.
    /// </summary>
    public async Task<IReadOnlyList<DialogProjection>> ProjectBatchAsync(CommandCache commands, IReadOnlyList<StoredEvent> batch, CancellationToken cancellationToken)
    {
        var agents = new Dictionary<string, AgentMerge>(StringComparer.Ordinal);
        var marks = new Dictionary<(string, string, string, long), MarkMerge>();
        var dialogs = new List<DialogProjection>();
        var legs = new HashSet<(string, string)>();
        foreach (var item in batch)
        {
            var e = item.Event;
            var at = item.EventTime.ToUnixTimeMilliseconds();
            var isLogout = e.Action == AgentActions.Logout || (e.Action == AgentActions.State && e.State == "LOGOUT");
            var isLogin = e.Action == AgentActions.Login;
            if (isLogout)
            {
                Mark(marks, e.Username, PresenceMark.Logout, string.Empty, at, at, null, null);
            }
            else if (e.Extension is { } extension)
            {
                if (isLogin)
                {
                    Mark(marks, e.Username, PresenceMark.Login, extension, at, at, e.TeamId, e.TeamName);
                }

                Mark(marks, e.Username, PresenceMark.Seen, extension, at - (at % PresenceBucketMs), at, null, null);
            }

            if (!agents.TryGetValue(e.Username, out var agent))
            {
                agents[e.Username] = agent = new AgentMerge();
            }

            agent.Apply(e, at, isLogin, isLogout);
            if (e.Action == AgentActions.State && e.State is { } state)
            {
                var stateAt = e.StateChangeTime?.ToUnixTimeMilliseconds() ?? at;
                await commands.ExecuteAsync(InsertState, cancellationToken, SqlArg.Text(e.Username), SqlArg.Long(stateAt), SqlArg.Text(state), SqlArg.Text(e.ReasonCodeId), SqlArg.Text(e.Extension)).ConfigureAwait(false);
            }

            if (e.Action == AgentActions.Dialog && e.Dialog is not null)
            {
                var projection = DialogProjection.Of(e, item.EventTime, _options.KeyVariables);
                await ProjectDialogAsync(commands, projection, item.Received, cancellationToken).ConfigureAwait(false);
                if (projection.Extension is { } legExtension)
                {
                    legs.Add((projection.DialogId, legExtension));
                }

                dialogs.Add(projection);
            }
        }

        foreach (var ((username, kind, extension, bucket), mark) in marks)
        {
            await commands.ExecuteAsync(UpsertPresence, cancellationToken, SqlArg.Text(username), SqlArg.Text(kind), SqlArg.Text(extension), SqlArg.Long(bucket), SqlArg.Long(mark.First), SqlArg.Text(mark.TeamId), SqlArg.Text(mark.TeamName), SqlArg.Long(mark.Last)).ConfigureAwait(false);
        }

        foreach (var (username, agent) in agents)
        {
            await commands.ExecuteAsync(
                UpsertAgent,
                cancellationToken,
                SqlArg.Text(username),
                SqlArg.Text(agent.FirstName),
                SqlArg.Text(agent.LastName),
                SqlArg.Text(agent.Extension),
                SqlArg.Text(agent.TeamId),
                SqlArg.Text(agent.TeamName),
                SqlArg.Text(agent.State),
                SqlArg.Long(agent.StateChangeMs),
                SqlArg.Text(agent.ReasonCodeId),
                SqlArg.Int((agent.ActiveMs ?? -1) > (agent.LogoutMs ?? -1) ? 1 : 0),
                SqlArg.Long(agent.LoginMs),
                SqlArg.Long(agent.LogoutMs),
                SqlArg.Long(agent.ActiveMs),
                SqlArg.Long(agent.LastSeenMs)).ConfigureAwait(false);
        }

        foreach (var (dialogId, extension) in legs)
        {
            await RefreshLegTimesAsync(commands, dialogId, extension, cancellationToken).ConfigureAwait(false);
        }

        return dialogs;
    }

    private static void Mark(Dictionary<(string, string, string, long), MarkMerge> marks, string username, string kind, string extension, long bucket, long at, string? teamId, string? teamName)
    {
        var key = (username, kind, extension, bucket);
        marks[key] = marks.TryGetValue(key, out var known)
            ? new MarkMerge(Math.Min(known.First, at), Math.Max(known.Last, at), teamId ?? known.TeamId, teamName ?? known.TeamName)
            : new MarkMerge(at, at, teamId, teamName);
    }

    private sealed record MarkMerge(long First, long Last, string? TeamId, string? TeamName);

    /// <summary>One agent's events in a batch merged as the agent upsert would merge them one by one.</summary>
    private sealed class AgentMerge
    {
        private long _extensionAt = long.MinValue;

        public string? FirstName { get; private set; }

        public string? LastName { get; private set; }

        public string? TeamId { get; private set; }

        public string? TeamName { get; private set; }

        public string? Extension { get; private set; }

        public string? State { get; private set; }

        public long? StateChangeMs { get; private set; }

        public string? ReasonCodeId { get; private set; }

        public long? LoginMs { get; private set; }

        public long? LogoutMs { get; private set; }

        public long? ActiveMs { get; private set; }

        public long LastSeenMs { get; private set; } = long.MinValue;

        public void Apply(AgentEvent e, long at, bool isLogin, bool isLogout)
        {
            FirstName = e.FirstName ?? FirstName;
            LastName = e.LastName ?? LastName;
            TeamId = e.TeamId ?? TeamId;
            TeamName = e.TeamName ?? TeamName;
            if (!isLogout && e.Extension is not null && at >= _extensionAt)
            {
                Extension = e.Extension;
                _extensionAt = at;
            }

            var state = e.Action == AgentActions.State ? e.State : isLogout ? "LOGOUT" : null;
            var stateAt = e.StateChangeTime?.ToUnixTimeMilliseconds() ?? at;
            if (state is not null && (StateChangeMs is null || stateAt >= StateChangeMs))
            {
                State = state;
                StateChangeMs = stateAt;
                ReasonCodeId = e.ReasonCodeId;
            }

            LoginMs = isLogin ? Max(LoginMs, at) : LoginMs;
            LogoutMs = isLogout ? Max(LogoutMs, at) : LogoutMs;
            ActiveMs = isLogout ? ActiveMs : Max(ActiveMs, at);
            LastSeenMs = Math.Max(LastSeenMs, at);
        }

        private static long Max(long? a, long b) => a is { } known && known > b ? known : b;
    }

    private static async Task ProjectDialogAsync(CommandCache commands, DialogProjection d, DateTimeOffset received, CancellationToken cancellationToken)
    {
        var at = d.EventTime.ToUnixTimeMilliseconds();
        await commands.ExecuteAsync(
            UpsertDialog,
            cancellationToken,
            SqlArg.Text(d.DialogId),
            SqlArg.Text(d.MediaType),
            SqlArg.Text(d.State),
            SqlArg.Text(d.CallType),
            SqlArg.Text(d.FromAddress),
            SqlArg.Text(d.ToAddress),
            SqlArg.Text(d.DialedNumber),
            SqlArg.Text(d.Dnis),
            SqlArg.Text(d.QueueName),
            SqlArg.Text(d.QueueNumber),
            SqlArg.Text(d.CallKey),
            SqlArg.Text(d.CallVariablesJson),
            SqlArg.Text(d.SecondaryId),
            SqlArg.Text(d.AssociatedDialogId),
            SqlArg.Long(d.SnapshotTime.ToUnixTimeMilliseconds()),
            SqlArg.Long(at)).ConfigureAwait(false);

        var receivedMs = received.ToUnixTimeMilliseconds();
        foreach (var chunk in d.Participants.Chunk(ParticipantRows.Length))
        {
            var args = new SqlArg[chunk.Length * 7];
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = chunk[i];
                args[i * 7] = SqlArg.Text(d.DialogId);
                args[(i * 7) + 1] = SqlArg.Text(p.Address);
                args[(i * 7) + 2] = SqlArg.Text(p.State);
                args[(i * 7) + 3] = SqlArg.Long(p.At.ToUnixTimeMilliseconds());
                args[(i * 7) + 4] = SqlArg.Text(p.AddressType);
                args[(i * 7) + 5] = SqlArg.Long(p.StartTime?.ToUnixTimeMilliseconds());
                args[(i * 7) + 6] = SqlArg.Long(receivedMs);
            }

            await commands.ExecuteAsync(ParticipantRows[chunk.Length - 1], cancellationToken, args).ConfigureAwait(false);
        }

        foreach (var key in d.Keys)
        {
            await commands.ExecuteAsync(InsertDialogKey, cancellationToken, SqlArg.Text(d.DialogId), SqlArg.Text(string.Empty), SqlArg.Text(key.Kind), SqlArg.Text(key.Value), SqlArg.Text("finesse")).ConfigureAwait(false);
        }

        if (d.Extension is not { } extension)
        {
            return;
        }

        await commands.ExecuteAsync(
            UpsertLeg,
            cancellationToken,
            SqlArg.Text(d.DialogId),
            SqlArg.Text(extension),
            SqlArg.Text(d.Username),
            SqlArg.Text(d.AgentAddress),
            SqlArg.Long(d.Removed ? at : null),
            SqlArg.Long(at),
            SqlArg.Text(d.CallType)).ConfigureAwait(false);

        // The leg's times are recomputed once per leg at the end of the batch (ProjectBatchAsync).
    }

    /// <summary>Recomputes a leg's first-connected and final-drop times from all its participant states.</summary>
    public static Task<int> RefreshLegTimesAsync(CommandCache commands, string dialogId, string extension, CancellationToken cancellationToken) =>
        commands.ExecuteAsync(RefreshLeg, cancellationToken, SqlArg.Text(dialogId), SqlArg.Text(extension));

    private static string BuildUpsertDialog()
    {
        string[] columns = ["media_type", "state", "call_type", "from_address", "to_address", "dialed_number", "dnis", "queue_name", "queue_number", "call_key", "call_variables", "secondary_id", "associated_dialog_id"];
        var values = string.Join(", ", columns.Select((_, i) => "@p" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        var newest = string.Join(",\n  ", columns.Select(c => $"{c} = CASE WHEN excluded.snapshot_ms >= dialogs.snapshot_ms THEN COALESCE(excluded.{c}, dialogs.{c}) ELSE COALESCE(dialogs.{c}, excluded.{c}) END"));
        return $"""
            INSERT INTO dialogs (dialog_id, {string.Join(", ", columns)}, snapshot_ms, first_seen_ms, last_seen_ms)
            VALUES (@p0, {values}, @p14, @p15, @p15)
            ON CONFLICT (dialog_id) DO UPDATE SET
              {newest},
              snapshot_ms = {SqlExpr.Max("excluded.snapshot_ms", "dialogs.snapshot_ms")},
              first_seen_ms = {SqlExpr.Min("excluded.first_seen_ms", "dialogs.first_seen_ms")},
              last_seen_ms = {SqlExpr.Max("excluded.last_seen_ms", "dialogs.last_seen_ms")}
            """;
    }
}
