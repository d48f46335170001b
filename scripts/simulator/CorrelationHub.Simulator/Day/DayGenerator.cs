using System.Globalization;
using CorrelationHub.Simulator.Site;

namespace CorrelationHub.Simulator.Day;

/// <summary>
/// Generates one day of a site: agents log in, calls arrive over the day and go to free agents (longest idle first),
/// each call plays a scenario (see <c>DayGenerator.Scenarios.cs</c>) that produces the gadget events Finesse would
/// cause and the recording segments CUCM or CUBE would send, each tagged with the dialog it truly belongs to.
/// Deterministic for a site, seed and speed. Durations are simulated time; at playback speed K no phase is shorter
/// than <see cref="DurationSection.MinPhaseWallMs"/> of wall time, so the generator clamps phases to K times that.
/// </summary>
public sealed partial class DayGenerator
{
    private const string CustomerTrunk = "UCCE-CUBE-A";
    private const string OutboundTrunk = "SIP-TRK-IPT-CUCM-AB";

    private readonly SiteDescription _site;
    private readonly double _speed;
    private readonly Sampler _random;
    private readonly List<GadgetAction> _gadget = [];
    private readonly List<RecordingPlan> _recordings = [];
    private readonly List<CallRecord> _calls = [];
    private readonly List<AgentState> _agents = [];
    private readonly List<(string Number, AgentState Agent)> _callers = [];
    private readonly LinkedList<Seat> _spareSeats = [];
    private readonly int[] _globalCallIds = [0, 21000, 9000];
    private long _ci = 17_687_400;
    private int _callKeyId = 104_000;
    private int _sequence;
    private int _recordingNumber;
    private int _callNumber;

    public DayGenerator(SiteDescription site, double speed)
    {
        _site = site;
        _speed = Math.Max(1, speed);
        _random = new Sampler(site.Seed);
    }

    /// <summary>Shortest phase in simulated ms (so that it lasts <see cref="DurationSection.MinPhaseWallMs"/> once played).</summary>
    private long PhaseFloor => (long)(_site.Durations.MinPhaseWallMs * _speed);

    private long GapFloor => (long)(_site.Durations.MinGapWallMs * _speed);

    public DayPlan Generate()
    {
        CreateAgents();
        var length = (long)(_site.DayHours * 3_600_000);
        var arrivals = Arrivals(length);
        var moves = MoveTimes(length);
        var moveIndex = 0;
        foreach (var (at, scenario) in arrivals)
        {
            while (moveIndex < moves.Count && moves[moveIndex] <= at)
            {
                MoveAgent(moves[moveIndex++]);
            }

            PlayCall(at, scenario);
        }

        var end = Math.Max(length, _agents.Max(a => a.BusyUntil)) + (long)(30_000 * Math.Min(_speed, 4));
        foreach (var agent in _agents)
        {
            State(agent, end, "LOGOUT");
            Emit(agent, end + 50, GadgetKind.Logout);
        }

        var gadget = _gadget.OrderBy(g => g.AtSim).ThenBy(g => g.Sequence).ToList();
        return new DayPlan(_site, _speed, end + 1000, [.. _agents.Select(a => a.Identity)], gadget, _recordings, _calls);
    }

    private void CreateAgents()
    {
        var section = _site.Agents;
        var count = Math.Max(section.Count, section.List.Count);
        for (var i = 0; i < count; i++)
        {
            var entry = i < section.List.Count ? section.List[i] : null;
            var first = entry?.FirstName is { Length: > 0 } f ? f : Names.First[i % Names.First.Length];
            var last = entry?.LastName is { Length: > 0 } l ? l : Names.Last[(i / Names.First.Length + i) % Names.Last.Length];
            var username = entry?.Username is { Length: > 0 } u ? u : (12345 + i).ToString("D6", CultureInfo.InvariantCulture);
            var extension = entry?.Extension is { Length: > 0 } e ? e : (section.ExtensionStart + i).ToString(CultureInfo.InvariantCulture);
            var team = i / Math.Max(1, section.AgentsPerTeam);
            var teamName = Names.Teams[team % Names.Teams.Length] + (team >= Names.Teams.Length ? $" {team / Names.Teams.Length + 1}" : string.Empty);
            var drift = _random.Chance(_site.Faults.GadgetClockOff) ? (_random.Chance(0.5) ? 1 : -1) * _random.Between(5_000, 180_000) : _random.Between(-400, 400);
            var identity = new AgentIdentity(username, first, last, (5001 + team).ToString(CultureInfo.InvariantCulture), teamName,
                (5031 + team).ToString(CultureInfo.InvariantCulture), _random.Chance(_site.Gadget.HttpFallbackShare), drift);
            var agent = new AgentState(identity, new Seat(extension, DeviceName(i)));
            _agents.Add(agent);
            var login = _random.Between(0, 60_000);
            Emit(agent, login, GadgetKind.Login);
            State(agent, login + 200, "NOT_READY");
            State(agent, login + 3_000, "READY");
            agent.BusyUntil = login + 3_000;
        }

        for (var i = 0; i < Math.Max(4, _site.Mix.ExtensionMobilityMoves * 2); i++)
        {
            _spareSeats.AddLast(new Seat((_site.Agents.SpareExtensionStart + i).ToString(CultureInfo.InvariantCulture), DeviceName(900 + i)));
        }
    }

    private static string DeviceName(int index) => "SEP0007000" + (0x10000 + index).ToString("X5", CultureInfo.InvariantCulture)[..5];

    private List<(long At, string Scenario)> Arrivals(long length)
    {
        var mix = _site.Mix;
        string[] names = [Scenarios.Inbound, Scenarios.InboundHold, Scenarios.Outbound, Scenarios.Internal, Scenarios.ConsultTransfer, Scenarios.ConsultConference, Scenarios.BlindTransfer, Scenarios.Short, Scenarios.Long];
        double[] weights = [mix.Inbound, mix.InboundHold, mix.Outbound, mix.Internal, mix.ConsultTransfer, mix.ConsultConference, mix.BlindTransfer, mix.Short, mix.Long];
        var result = new List<(long, string)>(_site.Calls);
        var usable = Math.Max(60_000, length - (long)(_site.Durations.TalkSeconds * 1000));
        while (result.Count < _site.Calls)
        {
            // A day with a late-morning peak: density 1 + 0.6·sin(π·x), by rejection.
            var x = _random.Uniform();
            if (_random.Uniform() * 1.6 > 1 + (0.6 * Math.Sin(Math.PI * x)))
            {
                continue;
            }

            result.Add((60_000 + (long)(x * usable), names[_random.Weighted(weights)]));
        }

        return [.. result.OrderBy(r => r.Item1)];
    }

    private List<long> MoveTimes(long length) =>
        [.. Enumerable.Range(0, _site.Mix.ExtensionMobilityMoves).Select(i => (long)(length * (0.2 + (0.6 * (i + 0.5) / Math.Max(1, _site.Mix.ExtensionMobilityMoves)))))];

    /// <summary>Extension Mobility: the agent logs out, walks to a free desk, logs in there; their old desk becomes free for the next mover.</summary>
    private void MoveAgent(long at)
    {
        var candidates = _agents.Where(a => !a.Moved).ToList();
        if (candidates.Count == 0 || _spareSeats.Count == 0)
        {
            return;
        }

        var agent = _random.Pick(candidates);
        var start = Math.Max(at, agent.BusyUntil + GapFloor);
        State(agent, start, "LOGOUT");
        Emit(agent, start + 50, GadgetKind.Logout);
        var seat = _spareSeats.First!.Value;
        _spareSeats.RemoveFirst();
        _spareSeats.AddFirst(agent.Seat);
        agent.Seat = seat;
        agent.Moved = true;
        var login = start + Math.Max(90_000, PhaseFloor);
        Emit(agent, login, GadgetKind.Login);
        State(agent, login + 200, "NOT_READY");
        State(agent, login + 2_000, "READY");
        agent.BusyUntil = login + 2_000;
    }

    /// <summary>The agent free longest by <paramref name="at"/>, or (all busy) the one free soonest; the call waits in queue.</summary>
    private (AgentState Agent, long Start) NextAgent(long at, AgentState? preferred = null)
    {
        if (preferred is not null && preferred.BusyUntil + GapFloor <= at)
        {
            return (preferred, at);
        }

        var best = _agents.MinBy(a => a.BusyUntil)!;
        return (best, Math.Max(at, best.BusyUntil + GapFloor));
    }

    /// <summary>A second agent free at <paramref name="at"/> (for consults, internal calls and transfers), or null.</summary>
    private AgentState? FreeAgent(long at, AgentState except)
    {
        var free = _agents.Where(a => a != except && a.BusyUntil + GapFloor <= at).ToList();
        return free.Count == 0 ? null : _random.Pick(free);
    }

    private FinesseDialog NewDialog(string callType, string from, string to, Dictionary<string, string> media)
    {
        var node = _random.Chance(0.5) ? 1 : 2;
        return new FinesseDialog(node, ++_globalCallIds[node], callType, from, to, media);
    }

    private void Emit(AgentState agent, long at, GadgetKind kind, string? state = null, string? change = null, DialogSnapshot? dialog = null)
    {
        var faults = _site.Faults;
        var delay = _random.LatencyMs(_site.Gadget.DeliveryLatencyMs, 20, 2_000);
        var movable = kind is GadgetKind.State or GadgetKind.Dialog;
        var delayed = movable && _random.Chance(faults.EventDelayed);
        if (delayed)
        {
            delay += _random.Between(2_000, 20_000);
        }

        var lost = kind == GadgetKind.Dialog && change == "updated" && _random.Chance(faults.EventLost);
        _gadget.Add(new GadgetAction
        {
            AtSim = at,
            DelayMs = delay,
            Agent = agent.Identity,
            Extension = agent.Seat.Extension,
            Kind = kind,
            EventId = NewGuid(),
            State = state,
            Change = change,
            Dialog = dialog,
            Lost = lost,
            Delayed = delayed,
            Duplicated = !lost && _random.Chance(faults.EventDuplicated),
            Sequence = _sequence++,
        });
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            bytes[i] = (byte)_random.Between(0, 255);
        }

        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private void State(AgentState agent, long at, string state) => Emit(agent, at, GadgetKind.State, state: state);

    private void Publish(FinesseDialog dialog, long at, AgentState agent, string change, IEnumerable<string>? visible = null) =>
        Emit(agent, at, GadgetKind.Dialog, change: change, dialog: visible is null ? dialog.Snapshot() : dialog.SnapshotWith(visible));

    private RecordingPlan NewRecording(AgentState agent, string farEnd, string farDevice, RecordingStyle style, string callKey, string scenario, string farSpeech, int payloadType)
    {
        _ci += 2;
        var plan = new RecordingPlan
        {
            Key = "R" + (++_recordingNumber).ToString("D6", CultureInfo.InvariantCulture),
            Style = style,
            Refci = _ci.ToString(CultureInfo.InvariantCulture),
            FarEndRefci = (_ci - 1).ToString(CultureInfo.InvariantCulture),
            Seat = agent.Seat,
            Agent = agent.Identity,
            FarEndAddress = farEnd,
            FarEndDevice = farDevice,
            Udp = style == RecordingStyle.Cucm && _random.Chance(_site.Recording.UdpShare),
            PayloadType = payloadType,
            CallKey = callKey,
            Scenario = scenario,
            FarSpeech = farSpeech,
        };
        _recordings.Add(plan);
        return plan;
    }

    private void Segment(RecordingPlan plan, long start, long end, FinesseDialog dialog, AgentState agent, string phase)
    {
        var faults = _site.Faults;
        plan.Segments.Add(new SegmentPlan
        {
            Index = plan.Segments.Count + 1,
            StartSim = start,
            EndSim = end,
            InviteDelayMs = _random.LatencyMs(_site.Recording.ForkLatencyMs, 60, 1_500),
            ByeDelayMs = _random.LatencyMs(60, 10, 400),
            DialogId = dialog.Id,
            Username = agent.Identity.Username,
            Phase = phase,
            LostBye = _random.Chance(faults.LostBye),
            MissingFarLeg = plan.Style != RecordingStyle.Siprec && _random.Chance(faults.MissingLeg),
        });
    }

    private sealed class AgentState(AgentIdentity identity, Seat seat)
    {
        public AgentIdentity Identity { get; } = identity;

        public Seat Seat { get; set; } = seat;

        public long BusyUntil { get; set; }

        public bool Moved { get; set; }
    }
}
