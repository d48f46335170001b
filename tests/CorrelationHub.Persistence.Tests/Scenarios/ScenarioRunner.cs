using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrelationHub.Correlation.Cti;
using CorrelationHub.Correlation.Events;
using CorrelationHub.Correlation.Matching;
using CorrelationHub.Persistence.Pipeline;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Persistence.Tests.Scenarios;

/// <summary>
/// Plays a scenario into a real database through the real pipeline (event writer, recording fact writer, CTI
/// import, correlation) on a fake clock, and reads the export.
/// </summary>
public sealed class ScenarioRunner : IAsyncDisposable
{
    private readonly Scenario _scenario;
    private readonly IDbConnectionFactory _db;
    private readonly FakeTimeProvider _clock;
    private readonly IOptions<CorrelationOptions> _options;
    private readonly CorrelationScheduler _scheduler = new();
    private readonly AgentEventWriter _events;
    private readonly RecordingFactWriter _facts;
    private readonly Recorrelator _recorrelator;
    private readonly CtiStore _cti;

    public ScenarioRunner(Scenario scenario, IDbConnectionFactory db)
    {
        _scenario = scenario;
        _db = db;
        var first = Deliveries(scenario).Min(d => d.Arrival);
        _clock = new FakeTimeProvider(first.AddMinutes(-1));
        _options = Options.Create(new CorrelationOptions());
        var gate = new WriteGate(db);
        _events = new AgentEventWriter(db, gate, _scheduler, _options, NullLogger<AgentEventWriter>.Instance);
        _facts = new RecordingFactWriter(db, gate, _scheduler, _options);
        _recorrelator = new Recorrelator(db, gate, _clock, _options);
        _cti = new CtiStore(db, gate, _scheduler, _options);
    }

    public ValueTask DisposeAsync() => _events.DisposeAsync();

    public DateTimeOffset End => Deliveries(_scenario).Max(d => d.Arrival).AddMinutes(2);

    /// <summary>Delivers every fact in arrival order and lets the engine re-run after each, as the live system does.</summary>
    public async Task<List<CallRecord>> PlayInOrderAsync()
    {
        foreach (var delivery in Deliveries(_scenario).OrderBy(d => d.Arrival).ThenBy(d => d.Order))
        {
            AdvanceTo(delivery.Arrival);
            await DeliverAsync(delivery);
            await _recorrelator.RunPendingAsync(_scheduler);
        }

        return await ExportAsync();
    }

    /// <summary>Delivers every fact in a shuffled order, every gadget event twice, then re-correlates the whole range at the end.</summary>
    public async Task<List<CallRecord>> PlayShuffledWithReplaysAsync(int seed)
    {
        var deliveries = Deliveries(_scenario).ToList();
        deliveries.AddRange(deliveries.Where(d => d.Gadget is not null).ToList());
        var random = new Random(seed);
        foreach (var delivery in deliveries.OrderBy(_ => random.Next()))
        {
            await DeliverAsync(delivery);
        }

        _scheduler.TakeAll();
        return await RecorrelateAllAtEndAsync();
    }

    /// <summary>Moves the clock to the end and rebuilds every link from stored state (the recorrelate action).</summary>
    public async Task<List<CallRecord>> RecorrelateAllAtEndAsync()
    {
        AdvanceTo(End);
        var from = _scenario.Time("00:00:00");
        await _recorrelator.RunRangeAsync(from, from.AddDays(1));
        return await ExportAsync();
    }

    public async Task<List<CallRecord>> ExportAsync()
    {
        var rows = new List<CallRecord>();
        await foreach (var row in new CallQuery(_db).StreamAsync(new CallFilter()))
        {
            rows.Add(row);
        }

        return rows;
    }

    private void AdvanceTo(DateTimeOffset time)
    {
        var now = _clock.GetUtcNow();
        if (time > now)
        {
            _clock.Advance(time - now);
        }
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        var received = delivery.Arrival;
        if (delivery.Gadget is { } gadget)
        {
            var (agentEvent, error) = AgentEventReader.Read(JsonDocument.Parse(gadget.ToJsonString()).RootElement, () => throw new InvalidOperationException("events carry ids"));
            Assert.True(error is null, $"{_scenario.Name}: {error}");
            await _events.SubmitAsync(agentEvent!, received);
            await _events.WhenAppliedAsync();
        }
        else if (delivery.Recording is { } recording)
        {
            var (fact, error) = await _facts.WriteAsync(JsonDocument.Parse(recording.ToJsonString()).RootElement, received);
            Assert.True(fact is not null, $"{_scenario.Name}: {error}");
        }
        else if (delivery.CtiLines is { } lines)
        {
            var legs = lines.Select(l => CtiTraceParser.Parse(l, _scenario.Date)).OfType<CtiCallLeg>().ToList();
            Assert.NotEmpty(legs);
            await _cti.ImportAsync(legs, received.ToUnixTimeMilliseconds());
        }
    }

    public sealed record Delivery(int Order, DateTimeOffset Arrival, JsonObject? Gadget, JsonObject? Recording, IReadOnlyList<string>? CtiLines);

    /// <summary>Turns the timeline into the contract's gadget events and the ingest's recording fact JSON.</summary>
    public static IReadOnlyList<Delivery> Deliveries(Scenario scenario)
    {
        var result = new List<Delivery>();
        var agentExtensions = new Dictionary<string, string>(StringComparer.Ordinal);
        var dialogs = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var participantStarts = new Dictionary<(string, string), string>();
        var segmentStarts = new Dictionary<(string, int), DateTimeOffset>();
        var recordings = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var knownExtensions = scenario.Timeline.Select(e => e!["login"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in scenario.Timeline)
        {
            var entry = node!.AsObject();
            var at = scenario.Time((string)entry["at"]!);
            var arrival = at.AddSeconds(entry["late"]?.GetValue<double>() ?? 0);
            if (entry["agent"] is { } agentNode)
            {
                var username = agentNode.GetValue<string>();
                var agent = scenario.Agents[username]?.AsObject();
                var clockOffset = agent?["clockOffsetSeconds"]?.GetValue<double>() ?? 0;
                var reportsDrift = agent?["reportsDrift"]?.GetValue<bool>() ?? true;
                if (entry["login"] is { } login)
                {
                    agentExtensions[username] = login.GetValue<string>();
                }

                var extension = entry["extension"]?.GetValue<string>() ?? agentExtensions.GetValueOrDefault(username);
                var e = new JsonObject
                {
                    ["username"] = username,
                    ["eventId"] = EventId(scenario.Name, index),
                    ["clientTime"] = Iso(at.AddSeconds(clockOffset)),
                };
                if (reportsDrift)
                {
                    e["clientDriftMs"] = (long)(clockOffset * 1000);
                }

                if (entry["login"] is not null)
                {
                    e["action"] = "login";
                    e["extension"] = extension;
                    e["firstName"] = agent?["first"]?.GetValue<string>();
                    e["lastName"] = agent?["last"]?.GetValue<string>();
                    // A login may name the team the agent signs in to (agents move between teams); else the agent's.
                    e["teamName"] = entry["teamName"]?.GetValue<string>() ?? agent?["team"]?.GetValue<string>();
                    e["teamId"] = entry["teamId"]?.GetValue<string>() ?? agent?["teamId"]?.GetValue<string>();
                }
                else if (entry["logout"] is not null)
                {
                    e["action"] = "logout";
                }
                else if (entry["state"] is { } state && entry["dialog"] is null)
                {
                    e["action"] = "state";
                    e["extension"] = extension;
                    e["state"] = state.GetValue<string>();
                    e["stateChangeTime"] = Iso(at);
                }
                else if (entry["dialog"] is { } dialogId)
                {
                    e["action"] = "dialog";
                    e["extension"] = extension;
                    e["change"] = entry["change"]?.GetValue<string>() ?? "updated";
                    e["dialog"] = Dialog(scenario, dialogs, participantStarts, knownExtensions, dialogId.GetValue<string>(), entry);
                }
                else
                {
                    e["action"] = "heartbeat";
                    e["extension"] = extension;
                }

                result.Add(new Delivery(index, arrival, e, null, null));
            }
            else if (entry["recording"] is { } recordingNode)
            {
                var recordingId = recordingNode.GetValue<string>();
                var segment = entry["segment"]?.GetValue<int>() ?? 1;
                var recorderTime = at.AddSeconds(scenario.RecorderOffsetSeconds);
                var kind = (string)entry["kind"]!;
                var started = kind == "started";
                var alarm = kind == "alarm";
                if (started)
                {
                    segmentStarts[(recordingId, segment)] = recorderTime;
                    recordings[recordingId] = new JsonObject
                    {
                        ["source"] = entry["source"]?.GetValue<string>() ?? "cucm-bib",
                        ["agentExtension"] = entry["extension"]?.GetValue<string>(),
                        ["farEndAddress"] = entry["farEnd"]?.GetValue<string>(),
                        ["refCi"] = entry["refci"]?.GetValue<string>(),
                    };
                }

                var common = recordings[recordingId];
                var fact = new JsonObject
                {
                    ["kind"] = started ? "SegmentStarted" : alarm ? "MediaAlarm" : "SegmentEnded",
                    ["recordingId"] = recordingId,
                    ["segmentIndex"] = segment,
                    ["occurredAt"] = Iso(recorderTime),
                    ["source"] = common["source"]!.DeepClone(),
                    ["agentExtension"] = common["agentExtension"]?.DeepClone(),
                    ["farEndAddress"] = (entry["farEnd"] ?? common["farEndAddress"])?.DeepClone(),
                    ["refCi"] = common["refCi"]?.DeepClone(),
                    ["segmentStart"] = Iso(segmentStarts[(recordingId, segment)]),
                    ["flags"] = new JsonArray(),
                };
                if (!started && !alarm)
                {
                    fact["segmentEnd"] = Iso(recorderTime);
                    fact["audioFile"] = $"2026/04/20/{recordingId}-{segment:D2}.wav";
                    fact["audioSeconds"] = Math.Round((recorderTime - segmentStarts[(recordingId, segment)]).TotalSeconds, 3);
                    fact["endReason"] = "bye";
                }

                // Any other members of the ingest's fact (endReason, tracks, participants, ...) as the entry gives them.
                foreach (var (name, value) in entry["fact"]?.AsObject() ?? [])
                {
                    fact[name] = value?.DeepClone();
                }

                result.Add(new Delivery(index, arrival, null, fact, null));
            }
            else if (entry["cti"] is { } cti)
            {
                result.Add(new Delivery(index, arrival, null, null, Scenario.FixtureText(cti.GetValue<string>()).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            }

            index++;
        }

        return result;
    }

    private static JsonObject Dialog(Scenario scenario, Dictionary<string, JsonObject> dialogs, Dictionary<(string, string), string> starts, HashSet<string> agentExtensions, string id, JsonObject entry)
    {
        if (!dialogs.TryGetValue(id, out var known))
        {
            known = new JsonObject { ["id"] = id, ["mediaProperties"] = new JsonObject() };
            dialogs[id] = known;
        }

        foreach (var (field, name) in new[] { ("dialogState", "state"), ("from", "fromAddress"), ("to", "toAddress"), ("secondaryId", "secondaryId") })
        {
            if (entry[field] is { } value)
            {
                known[name] = value.DeepClone();
            }
        }

        if (entry["associatedDialog"] is { } associated)
        {
            known["associatedDialogUri"] = "/finesse/api/Dialog/" + associated.GetValue<string>();
        }

        var media = known["mediaProperties"]!.AsObject();
        if (entry["callType"] is { } callType)
        {
            media["callType"] = callType.DeepClone();
        }

        if (entry["dialed"] is { } dialed)
        {
            media["dialedNumber"] = dialed.DeepClone();
        }

        if (entry["variables"] is JsonObject variables)
        {
            foreach (var (name, value) in variables)
            {
                media[name] = value?.DeepClone();
            }
        }

        var participants = new JsonArray();
        foreach (var (address, stateNode) in entry["participants"]?.AsObject() ?? [])
        {
            var text = stateNode!.GetValue<string>();
            var at = text.IndexOf('@', StringComparison.Ordinal);
            var state = at < 0 ? text : text[..at];
            string? time = at < 0 ? null : Iso(scenario.Time(text[(at + 1)..]));
            if (time is not null && !starts.ContainsKey((id, address)))
            {
                starts[(id, address)] = time;
            }

            participants.Add(new JsonObject
            {
                ["mediaAddress"] = address,
                ["mediaAddressType"] = agentExtensions.Contains(address) ? "AGENT_DEVICE" : null,
                ["state"] = state,
                ["startTime"] = time is null ? null : starts[(id, address)],
                ["stateChangeTime"] = time,
            });
        }

        var snapshot = known.DeepClone().AsObject();
        snapshot["participants"] = participants;
        return snapshot;
    }

    private static string EventId(string scenario, int index) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{scenario}/{index}"))).ToString();

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
