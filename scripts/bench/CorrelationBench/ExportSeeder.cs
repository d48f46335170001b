using System.Globalization;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Sql;

namespace CorrelationHub.Bench;

/// <summary>
/// Writes correlated call records straight into derived state (the export reads nothing else): 95 % recordings
/// matched to a dialog leg, 2.5 % unmatched recordings, 2.5 % unrecorded dialogs; 500 agents over 30 days.
/// </summary>
public static class ExportSeeder
{
    public static async Task<int> SeedAsync(string path, int rows)
    {
        var db = new SqliteConnectionFactory($"Data Source={path}");
        await new MigrationRunner(db, TimeProvider.System).MigrateAsync();
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var spacing = 30L * 86_400_000 / rows;
        await using var connection = await db.OpenAsync();
        await using (var agents = connection.CreateCommand())
        {
            agents.CommandText = string.Join(';', Enumerable.Range(0, 500).Select(a => string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO agents (username, first_name, last_name, extension, team_name, logged_in, last_seen_ms) VALUES ('bench{a:D4}', 'Agent', 'Number {a}', '{70000 + a}', 'Team {a % 20}', 0, {start})")));
            await agents.ExecuteNonQueryAsync();
        }

        for (var from = 0; from < rows; from += 20_000)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            using var commands = new CommandCache(connection) { Transaction = transaction };
            for (var i = from; i < Math.Min(rows, from + 20_000); i++)
            {
                var kind = i % 40;
                var at = start + (i * spacing);
                var agent = i % 500;
                var username = "bench" + agent.ToString("D4", CultureInfo.InvariantCulture);
                var extension = (70000 + agent).ToString(CultureInfo.InvariantCulture);
                var dialogId = (20_000_000 + i).ToString(CultureInfo.InvariantCulture);
                var recordingId = "rec-" + i.ToString("D7", CultureInfo.InvariantCulture);
                var customer = "+3538" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture);
                if (kind != 1)
                {
                    await commands.ExecuteAsync(
                        "INSERT INTO recordings (recording_id, source, agent_extension, far_end_address, refci, start_ms, end_ms, last_fact_ms) VALUES (@p0, 'cucm-bib', @p1, @p2, @p3, @p4, @p5, @p5)",
                        CancellationToken.None,
                        SqlArg.Text(recordingId), SqlArg.Text(extension), SqlArg.Text(customer), SqlArg.Text((50_000_000 + i).ToString(CultureInfo.InvariantCulture)), SqlArg.Long(at + 600), SqlArg.Long(at + 180_400));
                    await commands.ExecuteAsync(
                        "INSERT INTO recording_segments (recording_id, segment_index, agent_extension, far_end_address, start_ms, end_ms, audio_file, audio_seconds, available_ms, end_reason, flags, last_fact_ms) VALUES (@p0, 1, @p1, @p2, @p3, @p4, @p5, 179.8, @p6, 'bye', NULL, @p6)",
                        CancellationToken.None,
                        SqlArg.Text(recordingId), SqlArg.Text(extension), SqlArg.Text(customer), SqlArg.Long(at + 600), SqlArg.Long(at + 180_400), SqlArg.Text($"2026/03/{recordingId}-01.wav"), SqlArg.Long(at + 181_000));
                }

                if (kind != 0)
                {
                    await commands.ExecuteAsync(
                        "INSERT INTO dialogs (dialog_id, media_type, state, call_type, from_address, to_address, queue_name, call_key, snapshot_ms, first_seen_ms, last_seen_ms) VALUES (@p0, 'Voice', 'DROPPED', 'PREROUTE_ACD_IN', @p1, @p2, 'Billing_SG', @p3, @p4, @p5, @p4)",
                        CancellationToken.None,
                        SqlArg.Text(dialogId), SqlArg.Text(customer), SqlArg.Text(extension), SqlArg.Text("155432-" + i.ToString(CultureInfo.InvariantCulture) + "-1"), SqlArg.Long(at + 180_000), SqlArg.Long(at - 5000));
                    await commands.ExecuteAsync(
                        "INSERT INTO dialog_legs (dialog_id, extension, username, agent_address, call_type, start_ms, end_ms, removed_ms, first_seen_ms, last_seen_ms, final_ms) VALUES (@p0, @p1, @p2, @p1, 'PREROUTE_ACD_IN', @p3, @p4, @p4, @p5, @p4, @p4)",
                        CancellationToken.None,
                        SqlArg.Text(dialogId), SqlArg.Text(extension), SqlArg.Text(username), SqlArg.Long(at), SqlArg.Long(at + 180_000), SqlArg.Long(at - 5000));
                }

                if (kind > 1)
                {
                    await commands.ExecuteAsync(
                        "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@p0, 1, 0, @p1, @p2, @p3, 'matched', 0.999, @p4, 1, @p5)",
                        CancellationToken.None,
                        SqlArg.Text(recordingId), SqlArg.Text(dialogId), SqlArg.Text(extension), SqlArg.Text(username),
                        SqlArg.Text("dialog " + dialogId + ": starts 0.6 s from the agent connecting, agent connected for 100% of it, ends 0.4 s from the agent holding or hanging up, far end is the same number"),
                        SqlArg.Long(at + 200_000));
                }
                else if (kind == 0)
                {
                    await commands.ExecuteAsync(
                        "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@p0, 1, 0, NULL, @p1, @p2, 'unmatched_recording', 0, 'no voice dialog on extension near the recording', 1, @p3)",
                        CancellationToken.None,
                        SqlArg.Text(recordingId), SqlArg.Text(extension), SqlArg.Text(username), SqlArg.Long(at + 200_000));
                }
            }

            await transaction.CommitAsync();
        }

        return rows;
    }
}
