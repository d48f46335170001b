using System.Diagnostics;
using System.Net;
using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Gadget;
using CorrelationHub.Simulator.Media;
using CorrelationHub.Simulator.Truth;

namespace CorrelationHub.Simulator.Play;

public sealed record PlayOptions
{
    public required string BaseUrl { get; init; }

    public required IPEndPoint SipTcp { get; init; }

    public IPEndPoint? SipUdp { get; init; }

    public string? ApiKey { get; init; }

    public required string BridgeScript { get; init; }

    public string? SignalRModuleDirectory { get; init; }

    public required string PromptCache { get; init; }

    /// <summary>Wall time between start-up and simulated time 0 (agents log in first).</summary>
    public TimeSpan LeadTime { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Plays a generated day against a running CorrelationHub in wall time (see <see cref="TimeMap"/>): gadget events
/// through the Node sidecar when they are due, each recording's segments on its own task, RTP on the pump thread.
/// Fills the truth records with what really happened (send times, SIP outcomes).
/// </summary>
public static class Player
{
    /// <returns>The statistics, and the truth as played (see <see cref="EvidenceAnalyzer.Reassess"/>).</returns>
    public static async Task<(PlayStats Stats, IReadOnlyList<TruthSegment> Truth)> PlayAsync(DayPlan day, IReadOnlyList<TruthSegment> truth, PlayOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var media = day.Site.Recording.Media && PromptLibrary.ToolsAvailable();
        if (day.Site.Recording.Media && !media)
        {
            await log.WriteLineAsync("espeak-ng or sox missing: playing signalling without RTP").ConfigureAwait(false);
        }

        PromptLibrary? prompts = null;
        if (media)
        {
            var preparing = Stopwatch.StartNew();
            prompts = new PromptLibrary(options.PromptCache);
            prompts.Prepare(AudioSource.Phrases(day));
            await log.WriteLineAsync($"speech prompts ready ({preparing.Elapsed.TotalSeconds:F1}s, cache {options.PromptCache})").ConfigureAwait(false);
        }

        var time = new TimeMap(DateTimeOffset.UtcNow + options.LeadTime, day.Speed, day.Site.Gadget.FinesseClockOffsetMs);
        var byKey = truth.ToDictionary(t => (t.RecordingKey, t.SegmentIndex));
        foreach (var recording in day.Recordings)
        {
            foreach (var segment in recording.Segments)
            {
                byKey[(recording.Key, segment.Index)].ConnectedUtc = TimeMap.Iso(time.Finesse(segment.StartSim));
            }
        }

        await using var context = await PlayContext.OpenAsync(options.SipTcp, options.SipUdp, media, new AudioSource(prompts), time).ConfigureAwait(false);
        await using var bridge = GadgetBridge.Start(options.BridgeScript, options.BaseUrl, options.ApiKey, options.SignalRModuleDirectory);
        var clock = Stopwatch.StartNew();
        var runner = new RecordingRunner(context);
        var recordings = day.Recordings.Select(r => Task.Run(() => runner.RunAsync(r, byKey, cancellationToken), cancellationToken)).ToList();
        var gadget = Task.Run(() => DispatchGadgetAsync(day, time, bridge, cancellationToken), cancellationToken);
        var all = Task.WhenAll([.. recordings, gadget]);
        var endWall = time.Wall(day.LengthSim);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken)).ConfigureAwait(false);
            var simNow = (DateTimeOffset.UtcNow - time.Origin).TotalMilliseconds * day.Speed;
            await log.WriteLineAsync(
                $"[{clock.Elapsed:hh\\:mm\\:ss}] sim {TimeSpan.FromMilliseconds(Math.Max(0, simNow)):hh\\:mm\\:ss} of {TimeSpan.FromMilliseconds(day.LengthSim):hh\\:mm\\:ss} " +
                $"| events {bridge.Sent} sent, {bridge.Acknowledged} acked, {bridge.Refused} refused " +
                $"| legs {context.Stats.LegsOffered} offered, {context.Stats.LegsAccepted} accepted, {context.Stats.LegsRefused} refused, {context.Stats.LegsUnanswered} unanswered " +
                $"| rtp streams {context.Pump?.Active ?? 0}, skipped {context.Pump?.PacketsSkipped ?? 0} " +
                $"| ends at {endWall.ToLocalTime():HH:mm:ss}").ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
        await bridge.DrainAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await log.WriteLineAsync($"played in {clock.Elapsed:hh\\:mm\\:ss}: {bridge.Sent} events ({bridge.Acknowledged} acked, {bridge.Refused} refused), " +
            $"{context.Stats.LegsOffered} legs ({context.Stats.LegsAccepted} accepted), rtp packets {context.Pump?.PacketsSent ?? 0} sent, {context.Pump?.PacketsSkipped ?? 0} skipped").ConfigureAwait(false);
        foreach (var refusal in bridge.FirstRefusals)
        {
            await log.WriteLineAsync("  refused event: " + refusal).ConfigureAwait(false);
        }

        foreach (var (status, count) in context.Stats.Refusals)
        {
            await log.WriteLineAsync($"  legs refused with {status}: {count}").ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(bridge.StandardError))
        {
            await log.WriteLineAsync("gadget bridge: " + bridge.StandardError.Trim()).ConfigureAwait(false);
        }

        var played = EvidenceAnalyzer.Reassess(day, truth, time.Origin);
        var late = played.Count(t => t.Faults.Contains(EvidenceAnalyzer.LatePlay));
        if (late > 0)
        {
            await log.WriteLineAsync($"WARNING: {late} segments were sent more than {EvidenceAnalyzer.LatePlayMs:0} ms late by the player (the simulator was starved of CPU); " +
                $"their truth is judged on the times they were really sent (fault {EvidenceAnalyzer.LatePlay}), {played.Count(t => t.Faults.Contains(EvidenceAnalyzer.LatePlay) && t.Expected != "matched")} of them can no longer be linked").ConfigureAwait(false);
        }

        return (context.Stats, played);
    }

    private static async Task DispatchGadgetAsync(DayPlan day, TimeMap time, GadgetBridge bridge, CancellationToken cancellationToken)
    {
        var deliveries = day.Gadget
            .Where(g => !g.Lost)
            .Select(g => (Due: time.Wall(g.AtSim) + TimeSpan.FromMilliseconds(g.DelayMs), Action: g))
            .OrderBy(d => d.Due).ThenBy(d => d.Action.Sequence)
            .ToList();
        var duplicates = new List<Task>();
        foreach (var (due, action) in deliveries)
        {
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            var json = GadgetEventJson.Render(action, time, DateTimeOffset.UtcNow);
            await bridge.SendAsync(action.Agent.Username, action.Agent.UsesHttpFallback, json).ConfigureAwait(false);
            if (action.Duplicated)
            {
                var copy = json.DeepClone().AsObject();
                duplicates.Add(Task.Run(async () =>
                {
                    await Task.Delay(300, cancellationToken).ConfigureAwait(false);
                    await bridge.SendAsync(action.Agent.Username, action.Agent.UsesHttpFallback, copy).ConfigureAwait(false);
                }, cancellationToken));
            }
        }

        await Task.WhenAll(duplicates).ConfigureAwait(false);
    }
}
