using System.Globalization;
using System.Text.Json.Nodes;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Export;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// The export over HTTP is cut into time slices written two at a time; it must still be every row, once, in the
/// order of one pass over the store, in CSV and NDJSON, with and without a time filter.
/// </summary>
public sealed class ExportSliceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sliced_export_has_every_row_once_in_the_order_of_one_pass()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host.Services.GetRequiredService<IDbConnectionFactory>(), rows: 600, spacing: TimeSpan.FromMinutes(7));
        var query = host.Services.GetRequiredService<CallQuery>();

        var slices = await SlicedExport.SlicesAsync(query, new CallFilter(), CancellationToken.None);
        Assert.True(slices.Count > 100, $"{slices.Count} slices");
        Assert.All(slices.Zip(slices.Skip(1)), pair => Assert.Equal(pair.First.ToMs, pair.Second.FromMs));
        Assert.Equal((null, null), (slices[0].FromMs, slices[^1].ToMs));

        var from = T0.AddHours(9);
        var to = T0.AddHours(51);
        foreach (var (filter, query_) in new[] { (new CallFilter(), string.Empty), (new CallFilter { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds() }, $"&from={Iso(from)}&to={Iso(to)}") })
        {
            var expected = new List<string>();
            await foreach (var record in query.StreamAsync(filter))
            {
                expected.Add(Key(record.RecordingId, record.DialogId, record.MatchStatus));
            }

            Assert.True(expected.Count > 100);
            var csv = CsvText.Parse(await host.Http.GetStringAsync("/api/calls/export?format=csv" + query_));
            Assert.Equal(CallColumns.Names, csv.Header);
            Assert.Equal(expected, csv.Rows.Select(r => Key(Empty(r["recording_id"]), Empty(r["dialog_id"]), r["match_status"])));

            var ndjson = (await host.Http.GetStringAsync("/api/calls/export?format=ndjson" + query_)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(expected, ndjson.Select(n => Key(n["recording_id"]?.GetValue<string>(), n["dialog_id"]?.GetValue<string>(), n["match_status"]!.GetValue<string>())));
        }
    }

    private static string Key(string? recording, string? dialog, string? status) => $"{recording}|{dialog}|{status}";

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Matched, unlinked, unmatched and unrecorded rows alternating over days, written as derived state.</summary>
    private static async Task SeedAsync(IDbConnectionFactory db, int rows, TimeSpan spacing)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("INSERT INTO agents (username, first_name, last_name, extension, team_name, logged_in, last_seen_ms) VALUES ('ann', 'Ann', 'Agent', '61001', 'Billing', 0, 0)", transaction: transaction);
        for (var i = 0; i < rows; i++)
        {
            var at = T0.Add(spacing * i).ToUnixTimeMilliseconds();
            var id = "rec" + i.ToString("D4", CultureInfo.InvariantCulture);
            var dialog = (16_800_000 + i).ToString(CultureInfo.InvariantCulture);
            var args = new { id, dialog, at, end = at + 30_000 };
            if (i % 4 != 3)
            {
                await connection.ExecuteAsync("INSERT INTO recordings (recording_id, source, agent_extension, refci, start_ms, end_ms, last_fact_ms) VALUES (@id, 'cucm-bib', '61001', @id, @at, @end, @end)", args, transaction);
                await connection.ExecuteAsync("INSERT INTO recording_segments (recording_id, segment_index, agent_extension, start_ms, end_ms, audio_seconds, last_fact_ms) VALUES (@id, 1, '61001', @at, @end, 30.5, @end)", args, transaction);
            }

            if (i % 4 is 0 or 3)
            {
                await connection.ExecuteAsync("INSERT INTO dialogs (dialog_id, media_type, state, call_type, snapshot_ms, first_seen_ms, last_seen_ms) VALUES (@dialog, 'Voice', 'DROPPED', 'ACD_IN', @at, @at, @at)", args, transaction);
                await connection.ExecuteAsync("INSERT INTO dialog_legs (dialog_id, extension, username, start_ms, end_ms, first_seen_ms, last_seen_ms) VALUES (@dialog, '61001', 'ann', @at, @end, @at, @end)", args, transaction);
            }

            var link = (i % 4) switch
            {
                0 => "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@id, 1, 0, @dialog, '61001', 'ann', 'matched', 0.9375, 'starts together, same far end', 1, @at)",
                2 => "INSERT INTO links (recording_id, segment_index, rank, dialog_id, extension, username, status, confidence, reason, final, updated_ms) VALUES (@id, 1, 0, NULL, '61001', 'ann', 'unmatched_recording', 0, 'no dialog', 0, @at)",
                _ => null,
            };
            if (link is not null)
            {
                await connection.ExecuteAsync(link, args, transaction);
            }
        }

        await transaction.CommitAsync();
    }
}
