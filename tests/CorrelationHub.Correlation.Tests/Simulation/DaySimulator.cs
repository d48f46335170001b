using System.Globalization;
using CorrelationHub.Correlation.Model;
using CorrelationHub.Correlation.Timeline;

namespace CorrelationHub.Correlation.Tests.Simulation;

/// <summary>
/// Generates a contact-centre day with the mess of the field: back-to-back calls with short gaps, very short
/// calls, holds, consults to other agents during holds, callbacks from the same number minutes later, a recorder
/// clock that is off by up to <see cref="RecorderOffsetSeconds"/>, jitter on every media start and stop, far ends
/// presented in other formats or not at all, dialogs the gadget never reported (so their recordings have no true
/// candidate), calls never recorded, drops never reported. Recordings are CUCM's: a segment per stretch the agent
/// is connected (an agent hold ends one, the resume starts the next).
/// </summary>
public sealed class DaySimulator(int seed)
{
    private readonly Random _random = new(seed);

    public double RecorderOffsetSeconds { get; init; } = 2;

    public double MissingDialogRate { get; init; } = 0.05;

    public double UnrecordedRate { get; init; } = 0.03;

    public double LostDropRate { get; init; } = 0.02;

    public double CallbackRate { get; init; } = 0.08;

    /// <summary>Largest media start/stop jitter beyond the usual 0.2–1.2 s (seconds).</summary>
    public double ExtraJitterSeconds { get; init; }

    /// <summary>Share of calls that are very short (seconds, not minutes).</summary>
    public double ShortCallRate { get; init; } = 0.2;

    /// <summary>Share of next calls that start within seconds of the previous one ending.</summary>
    public double TightGapRate { get; init; } = 0.3;

    /// <summary>Share of recordings whose far end is missing (the rest of the misses: another number, national format).</summary>
    public double MissingFarEndRate { get; init; } = 0.05;

    /// <summary>Share of recordings presenting another number than the customer's (a trunk or pilot number).</summary>
    public double OtherFarEndRate { get; init; } = 0.05;

    /// <summary>A harsh site: clocks off by up to 2.5 s (NTP keeps them closer; see docs/architecture.md, Time, for larger offsets), seconds of jitter, many 3-15 s calls back to back, repeat callers, far ends mostly missing, a sixth of dialogs never reported.</summary>
    public static DaySimulator Harsh(int seed) => new(seed)
    {
        RecorderOffsetSeconds = 2.5,
        ExtraJitterSeconds = 3,
        ShortCallRate = 0.5,
        TightGapRate = 0.6,
        CallbackRate = 0.35,
        MissingFarEndRate = 0.5,
        OtherFarEndRate = 0.1,
        MissingDialogRate = 0.15,
        LostDropRate = 0.1,
    };

    public SimulatedDay Simulate(int agents, int callsPerAgent)
    {
        var segments = new List<SegmentFacts>();
        var legs = new List<DialogLeg>();
        var sessions = new List<AgentSession>();
        var truth = new Dictionary<(string, int), string?>();
        var recorderOffset = (_random.NextDouble() * 2 - 1) * RecorderOffsetSeconds;
        var day = new DateTimeOffset(2026, 4, 20, 8, 0, 0, TimeSpan.Zero);
        var dialogCounter = 16_800_000L;
        var recordingCounter = 0;

        for (var a = 0; a < agents; a++)
        {
            var extension = (61000 + a).ToString(CultureInfo.InvariantCulture);
            var username = "agent" + a.ToString("D3", CultureInfo.InvariantCulture);
            var t = day.AddSeconds(_random.Next(0, 600));
            sessions.Add(new AgentSession { Username = username, Extension = extension, Start = t.AddMinutes(-5), LastSeen = t, StartReason = "login" });
            string? lastCustomer = null;
            for (var c = 0; c < callsPerAgent; c++)
            {
                var customer = lastCustomer is not null && _random.NextDouble() < CallbackRate ? lastCustomer : RandomCustomer();
                lastCustomer = customer;
                var dialogId = (dialogCounter++).ToString(CultureInfo.InvariantCulture);
                var ring = 1 + (_random.NextDouble() * 8);
                var answer = t.AddSeconds(ring);
                var duration = _random.NextDouble() < ShortCallRate ? 3 + (_random.NextDouble() * 12) : Math.Clamp(Math.Exp(Normal(Math.Log(150), 0.7)), 30, 1200);
                var end = answer.AddSeconds(duration);

                // The agent's ACTIVE intervals (a hold splits the call; a consult may happen during it).
                var observations = new List<ParticipantObservation> { new("ALERTING", t), new("ACTIVE", answer) };
                var active = new List<(DateTimeOffset Start, DateTimeOffset End)>();
                (DateTimeOffset Start, DateTimeOffset End, string DialogId, string Other)? consult = null;
                if (duration > 60 && _random.NextDouble() < 0.2)
                {
                    var holdAt = answer.AddSeconds(10 + (_random.NextDouble() * (duration - 50)));
                    var holdFor = 15 + (_random.NextDouble() * 60);
                    var resume = holdAt.AddSeconds(holdFor);
                    end = end.AddSeconds(holdFor);
                    observations.Add(new("HELD", holdAt));
                    observations.Add(new("ACTIVE", resume));
                    active.Add((answer, holdAt));
                    active.Add((resume, end));
                    if (_random.NextDouble() < 0.4 && holdFor > 20)
                    {
                        var consultStart = holdAt.AddSeconds(2 + _random.NextDouble() * 3);
                        var consultEnd = resume.AddSeconds(-(1 + _random.NextDouble() * 2));
                        consult = (consultStart, consultEnd, (dialogCounter++).ToString(CultureInfo.InvariantCulture), (62000 + _random.Next(0, 50)).ToString(CultureInfo.InvariantCulture));
                    }
                }
                else
                {
                    active.Add((answer, end));
                }

                observations.Add(new("WRAP_UP", end));
                var reported = _random.NextDouble() >= MissingDialogRate;
                var lostDrop = _random.NextDouble() < LostDropRate;
                if (reported)
                {
                    var shown = lostDrop ? observations.Where(o => o.State != "WRAP_UP").ToList() : observations;
                    legs.Add(Leg(dialogId, extension, username, "ACD_IN", [customer, extension], shown, lostDrop ? end.AddSeconds(_random.NextDouble() * 3) : null, null));
                }

                if (consult is { } k && _random.NextDouble() >= MissingDialogRate)
                {
                    legs.Add(Leg(k.DialogId, extension, username, "CONSULT", [k.Other], [new("INITIATED", k.Start.AddSeconds(-2)), new("ACTIVE", k.Start), new("DROPPED", k.End)], null, dialogId));
                }

                if (_random.NextDouble() >= UnrecordedRate)
                {
                    var recordingId = "r" + (recordingCounter++).ToString(CultureInfo.InvariantCulture);
                    var presented = PresentedFarEnd(customer);
                    for (var s = 0; s < active.Count; s++)
                    {
                        segments.Add(Segment(recordingId, s + 1, extension, presented, active[s].Start, active[s].End, recorderOffset));
                        truth[(recordingId, s + 1)] = reported ? dialogId : null;
                    }

                    if (consult is { } kk)
                    {
                        var consultRecording = "r" + (recordingCounter++).ToString(CultureInfo.InvariantCulture);
                        segments.Add(Segment(consultRecording, 1, extension, kk.Other, kk.Start, kk.End, recorderOffset));
                        truth[(consultRecording, 1)] = legs.Exists(l => l.DialogId == kk.DialogId) ? kk.DialogId : null;
                    }
                }

                // Wrap-up and the gap to the next call: sometimes next to nothing.
                t = end.AddSeconds(_random.NextDouble() < TightGapRate ? 0.5 + (_random.NextDouble() * 3) : 5 + (_random.NextDouble() * 90));
            }
        }

        var now = segments.Max(s => s.End ?? s.Start).AddMinutes(5);
        return new SimulatedDay(new CorrelationInput(segments, legs, sessions, now), truth);
    }

    private DialogLeg Leg(string dialogId, string extension, string username, string callType, string[] parties, List<ParticipantObservation> observations, DateTimeOffset? removedAt, string? associated)
    {
        var timeline = DialogTimeline.Build(observations, removedAt);
        return new DialogLeg
        {
            DialogId = dialogId,
            Extension = extension,
            Username = username,
            CallType = callType,
            OtherParties = [.. parties.Where(p => p != extension)],
            Connected = timeline.Connected,
            Present = timeline.Present,
            ConnectPoints = timeline.ConnectPoints,
            DisconnectPoints = timeline.DisconnectPoints,
            AssociatedDialogId = associated,
        };
    }

    private SegmentFacts Segment(string recordingId, int index, string extension, string? farEnd, DateTimeOffset start, DateTimeOffset end, double offset) => new()
    {
        RecordingId = recordingId,
        SegmentIndex = index,
        Source = "cucm-bib",
        AgentExtension = extension,
        FarEndAddress = farEnd,
        Start = start.AddSeconds(offset + 0.2 + (_random.NextDouble() * (1.0 + ExtraJitterSeconds))),
        End = end.AddSeconds(offset + 0.1 + (_random.NextDouble() * (0.9 + ExtraJitterSeconds))),
    };

    /// <summary>How the recorder presents the customer: mostly E.164, sometimes national format, missing, or another number (a trunk's).</summary>
    private string? PresentedFarEnd(string customer)
    {
        var roll = _random.NextDouble();
        if (roll < MissingFarEndRate)
        {
            return null;
        }

        if (roll < MissingFarEndRate + OtherFarEndRate)
        {
            return RandomCustomer();
        }

        return roll < MissingFarEndRate + OtherFarEndRate + 0.05 ? "0" + customer[4..] : customer;
    }

    private string RandomCustomer() => "+3538" + _random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private double Normal(double mean, double sd)
    {
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
