using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Correlation.Recordings;
using CorrelationHub.Persistence;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Bench;

/// <summary>
/// A contact-centre day through the real pipeline: every agent logs in and takes calls back to back (a fifth with a
/// hold), each call reported as the gadget would (contract JSON: added, active, held/resumed, wrap-up, removed,
/// states, heartbeats) and recorded as CUCM legs would be (segment facts per talk interval).
/// </summary>
public static class DaySeeder
{
    public static async Task<(int Events, int Facts, int Segments)> SeedAsync(string path, int agents, int callsPerAgent, DateOnly day)
    {
        var db = new SqliteConnectionFactory($"Data Source={path}");
        await new MigrationRunner(db, TimeProvider.System).MigrateAsync();
        var options = Options.Create(new CorrelationOptions());
        var gate = new WriteGate(db);
        await using var writer = new AgentEventWriter(db, gate, new CorrelationScheduler(), options, NullLogger<AgentEventWriter>.Instance);
        var random = new Random(20260420);
        var events = new List<(JsonObject Event, DateTimeOffset At)>();
        var facts = new List<(JsonObject Fact, DateTimeOffset At)>();
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        var dialogId = 16_900_000L;
        var refci = 90_000_000L;
        var segments = 0;
        for (var a = 0; a < agents; a++)
        {
            var username = "bench" + a.ToString("D4", CultureInfo.InvariantCulture);
            var extension = (70000 + a).ToString(CultureInfo.InvariantCulture);
            var t = start.AddSeconds(random.Next(0, 900));
            events.Add((Event(username, extension, t, "login", e => e["teamName"] = "Team " + (a % 20).ToString(CultureInfo.InvariantCulture)), t));
            for (var c = 0; c < callsPerAgent; c++)
            {
                var id = (dialogId++).ToString(CultureInfo.InvariantCulture);
                var customer = "+3538" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
                var answer = t.AddSeconds(2 + random.NextDouble() * 8);
                var talk = 60 + random.NextDouble() * 300;
                var active = new List<(DateTimeOffset, DateTimeOffset)>();
                var states = new List<(string State, DateTimeOffset At)> { ("ALERTING", t), ("ACTIVE", answer) };
                var end = answer.AddSeconds(talk);
                if (random.NextDouble() < 0.2)
                {
                    var hold = answer.AddSeconds(talk / 2);
                    var resume = hold.AddSeconds(20 + random.NextDouble() * 40);
                    end = end.AddSeconds((resume - hold).TotalSeconds);
                    states.Add(("HELD", hold));
                    states.Add(("ACTIVE", resume));
                    active.Add((answer, hold));
                    active.Add((resume, end));
                }
                else
                {
                    active.Add((answer, end));
                }

                states.Add(("WRAP_UP", end));
                events.Add((Event(username, extension, t, "state", e => { e["state"] = "RESERVED"; e["stateChangeTime"] = Iso(t); }), t));
                for (var i = 1; i < states.Count; i++)
                {
                    var at = states[i].At;
                    events.Add((DialogEvent(username, extension, id, customer, i == 1 ? "added" : "updated", states.Take(i + 1).Last(), at), at));
                }

                events.Add((Event(username, extension, answer, "state", e => { e["state"] = "TALKING"; e["stateChangeTime"] = Iso(answer); }), answer));
                events.Add((DialogEvent(username, extension, id, customer, "removed", ("WRAP_UP", end), end.AddSeconds(1)), end.AddSeconds(1)));
                events.Add((Event(username, extension, end.AddSeconds(30), "state", e => { e["state"] = "READY"; e["stateChangeTime"] = Iso(end.AddSeconds(30)); }), end.AddSeconds(30)));
                events.Add((Event(username, extension, end.AddSeconds(31), "heartbeat", _ => { }), end.AddSeconds(31)));

                var recording = "bench-" + id;
                var leg = (refci++).ToString(CultureInfo.InvariantCulture);
                for (var s = 0; s < active.Count; s++)
                {
                    var (from, to) = active[s];
                    var mediaStart = from.AddSeconds(0.3 + random.NextDouble() * 0.6);
                    var mediaEnd = to.AddSeconds(0.2 + random.NextDouble() * 0.5);
                    facts.Add((Fact("SegmentStarted", recording, s + 1, extension, customer, leg, mediaStart, null), mediaStart));
                    facts.Add((Fact("SegmentEnded", recording, s + 1, extension, customer, leg, mediaStart, mediaEnd), mediaEnd.AddSeconds(0.5)));
                    segments++;
                }

                t = end.AddSeconds(35 + random.NextDouble() * 60);
            }
        }

        // Gadget events through the batched writer, many in flight at once (as many gadgets would send them).
        var pending = new List<Task>();
        foreach (var (e, at) in events.OrderBy(e => e.At))
        {
            var (parsed, error) = AgentEventReader.Read(JsonDocument.Parse(e.ToJsonString()).RootElement, () => Guid.NewGuid().ToString());
            if (parsed is null)
            {
                throw new InvalidOperationException(error!.ToString());
            }

            pending.Add(writer.SubmitAsync(parsed, at));
            if (pending.Count >= 2000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        await writer.WhenAppliedAsync();

        // Recording facts stored and applied as the fact writer does, a few thousand per transaction.
        foreach (var chunk in facts.OrderBy(f => f.At).Chunk(5000))
        {
            await using var connection = await db.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            using var commands = new CommandCache(connection) { Transaction = transaction };
            foreach (var (json, at) in chunk)
            {
                var element = JsonDocument.Parse(json.ToJsonString()).RootElement;
                var (fact, _) = RecordingFactReader.Read(element, options.Value.NumberPlan);
                await RecordingFactProjector.InsertFactAsync(commands, fact!, at, element.GetRawText(), CancellationToken.None);
                await RecordingFactProjector.ProjectAsync(commands, fact!, at, CancellationToken.None);
            }

            await transaction.CommitAsync();
        }

        return (events.Count, facts.Count, segments);
    }

    private static JsonObject Event(string username, string extension, DateTimeOffset at, string action, Action<JsonObject> fill)
    {
        var e = new JsonObject
        {
            ["action"] = action,
            ["username"] = username,
            ["extension"] = extension,
            ["eventId"] = Guid.NewGuid().ToString(),
            ["clientTime"] = Iso(at),
            ["clientDriftMs"] = 0,
        };
        fill(e);
        return e;
    }

    private static JsonObject DialogEvent(string username, string extension, string id, string customer, string change, (string State, DateTimeOffset At) agent, DateTimeOffset at) =>
        Event(username, extension, at, "dialog", e =>
        {
            e["change"] = change;
            e["dialog"] = new JsonObject
            {
                ["id"] = id,
                ["state"] = agent.State == "WRAP_UP" ? "DROPPED" : "ACTIVE",
                ["fromAddress"] = customer,
                ["toAddress"] = extension,
                ["mediaProperties"] = new JsonObject { ["callType"] = "ACD_IN", ["callVariable1"] = "ACCT-" + id, ["queueName"] = "Billing_SG" },
                ["participants"] = new JsonArray(
                    new JsonObject { ["mediaAddress"] = extension, ["mediaAddressType"] = "AGENT_DEVICE", ["state"] = agent.State, ["stateChangeTime"] = Iso(agent.At) },
                    new JsonObject { ["mediaAddress"] = customer, ["state"] = agent.State == "WRAP_UP" ? "DROPPED" : "ACTIVE", ["stateChangeTime"] = Iso(agent.At) }),
            };
        });

    private static JsonObject Fact(string kind, string recording, int segment, string extension, string customer, string refci, DateTimeOffset start, DateTimeOffset? end) => new()
    {
        ["kind"] = kind,
        ["recordingId"] = recording,
        ["segmentIndex"] = segment,
        ["occurredAt"] = Iso(end ?? start),
        ["source"] = "cucm-bib",
        ["agentExtension"] = extension,
        ["farEndAddress"] = customer,
        ["refCi"] = refci,
        ["segmentStart"] = Iso(start),
        ["segmentEnd"] = end is null ? null : Iso(end.Value),
        ["audioFile"] = end is null ? null : $"bench/{recording}-{segment:D2}.wav",
        ["audioSeconds"] = end is null ? null : Math.Round((end.Value - start).TotalSeconds, 3),
    };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
