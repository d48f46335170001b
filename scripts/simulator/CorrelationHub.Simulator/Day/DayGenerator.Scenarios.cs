using System.Globalization;
using CorrelationHub.Simulator.Site;

namespace CorrelationHub.Simulator.Day;

/// <summary>
/// The call scenarios. Finesse's order for an inbound ACD call (docs/interop.md, Finesse event order): User RESERVED, Dialog
/// added ALERTING, call variables in a later update, ACTIVE + TALKING, HELD + HOLD on hold, WRAP_UP/DROPPED, removed,
/// WORK → READY. Recording follows CUCM (docs/interop.md, CUCM recording legs): a pair of legs when the agent connects; on an
/// agent hold both legs end and a new pair with the same x-refci comes on resume; a local transfer or conference ends
/// the legs and starts a new pair with a new x-refci.
/// Assumptions where the documents are silent: a consult transfer leaves the original dialog id at the target agent
/// with secondaryId = the consult dialog; a blind (single-step) transfer keeps the dialog id; conference far ends are
/// the bridge ("b0029…").
/// </summary>
public sealed partial class DayGenerator
{
    private sealed record CallContext(string Key, string Scenario, RecordingStyle Style, int PayloadType, bool Repeat);

    private void PlayCall(long arrival, string scenario)
    {
        var key = "C" + (++_callNumber).ToString("D5", CultureInfo.InvariantCulture);
        var simple = scenario is Scenarios.Inbound or Scenarios.Outbound or Scenarios.Short or Scenarios.Long;
        var style = simple && _random.Chance(_site.Recording.SiprecShare) ? RecordingStyle.Siprec
            : _random.Chance(_site.Recording.SrtpShare) ? RecordingStyle.MediaProxySrtp : RecordingStyle.Cucm;
        var payload = _random.Chance(0.5) ? 0 : 8;
        var inbound = scenario is not (Scenarios.Outbound or Scenarios.Internal);
        var repeat = inbound && _callers.Count > 0 && _random.Chance(_site.Mix.RepeatCallerShare);
        var (number, preferred) = repeat ? _random.Pick(_callers.TakeLast(60).ToList()) : (NewCustomerNumber(), null);
        var context = new CallContext(key, scenario, style, payload, repeat);
        var (agent, start) = NextAgent(arrival, repeat && _random.Chance(0.5) ? preferred : null);
        string? downgraded = null;
        var dialogs = new List<string>();
        var users = new List<string> { agent.Identity.Username };
        switch (scenario)
        {
            case Scenarios.Outbound:
                dialogs.Add(Outbound(context, agent, start));
                break;
            case Scenarios.Internal:
                var callee = FreeAgent(start + 2_000, agent);
                if (callee is null)
                {
                    downgraded = Scenarios.Outbound;
                    dialogs.Add(Outbound(context with { Scenario = Scenarios.Outbound }, agent, start));
                    break;
                }

                users.Add(callee.Identity.Username);
                dialogs.Add(Internal(context, agent, callee, start));
                break;
            case Scenarios.ConsultTransfer or Scenarios.ConsultConference or Scenarios.BlindTransfer:
                var (ids, target) = Escalated(context, agent, start, number);
                dialogs.AddRange(ids);
                if (target is null)
                {
                    downgraded = Scenarios.InboundHold;
                }
                else
                {
                    users.Add(target.Identity.Username);
                }

                break;
            default:
                dialogs.Add(InboundCall(context, agent, start, number));
                break;
        }

        if (inbound)
        {
            _callers.Add((number, agent));
        }

        _calls.Add(new CallRecord(key, scenario, start, dialogs, users, repeat, downgraded));
    }

    private string NewCustomerNumber() => "+3538" + _random.Between(5, 7).ToString(CultureInfo.InvariantCulture) + _random.Digits(7);

    /// <summary>How Finesse shows an E.164 caller: mostly as is, sometimes in national form (0…).</summary>
    private string FinesseForm(string e164) => _random.Chance(_site.Recording.NationalFormShare) ? "0" + e164[4..] : e164;

    private static string Spoken(string digits) => string.Join(' ', digits.Where(char.IsDigit));

    private FinesseDialog Ring(CallContext context, AgentState agent, long ring, string number, string callType = "PREROUTE_ACD_IN")
    {
        var media = new Dictionary<string, string>
        {
            ["mediaId"] = "1",
            ["dialedNumber"] = "1800" + agent.Identity.QueueNumber,
            ["callType"] = callType,
            ["DNIS"] = agent.Seat.Extension,
            ["queueNumber"] = agent.Identity.QueueNumber,
            ["queueName"] = agent.Identity.TeamName + "_SG",
            ["callKeyCallId"] = (++_callKeyId).ToString(CultureInfo.InvariantCulture),
            ["callKeySequenceNum"] = "1",
            ["callKeyPrefix"] = "155432",
        };
        var dialog = NewDialog(callType, FinesseForm(number), agent.Seat.Extension, media);
        var queued = _random.Between(3_000, 60_000);
        State(agent, ring - 80, "RESERVED");
        dialog.Set(number == dialog.From ? number : dialog.From, string.Empty, "ACTIVE", ring - queued);
        dialog.Set(agent.Seat.Extension, "AGENT_DEVICE", "ALERTING", ring);
        dialog.State = "ALERTING";
        Publish(dialog, ring, agent, "added");

        // Call variables often arrive in a later update than the add (Finesse learning sample).
        dialog.Media["callVariable1"] = "ACCT-" + _random.Digits(6);
        dialog.Media["user.CustomerTier"] = _random.Pick(["GOLD", "SILVER", "BRONZE"]);
        Publish(dialog, ring + _random.Between(200, 900), agent, "updated");
        return dialog;
    }

    private void Answer(FinesseDialog dialog, AgentState agent, long at)
    {
        foreach (var participant in dialog.Snapshot().Participants.Where(p => p.State == "ACTIVE" || p.Address == agent.Seat.Extension))
        {
            dialog.Set(participant.Address, participant.Type, "ACTIVE", at);
        }

        dialog.State = "ACTIVE";
        Publish(dialog, at, agent, "updated");
        State(agent, at + 40, "TALKING");
    }

    /// <summary>Talk with optional agent holds; each talk piece is one recording segment. Returns the end time.</summary>
    private long Talk(FinesseDialog dialog, AgentState agent, RecordingPlan recording, long from, long talk, int holds, string phase)
    {
        var pieces = holds + 1;
        var t = from;
        for (var i = 0; i < pieces; i++)
        {
            var piece = Math.Max(PhaseFloor, talk / pieces);
            var end = t + piece;
            Segment(recording, t, end, dialog, agent, phase);
            if (i == pieces - 1)
            {
                return end;
            }

            dialog.Set(agent.Seat.Extension, "AGENT_DEVICE", "HELD", end);
            Publish(dialog, end, agent, "updated");
            State(agent, end + 30, "HOLD");
            var resume = end + _random.DurationMs(_site.Durations.HoldSeconds, PhaseFloor);
            dialog.Set(agent.Seat.Extension, "AGENT_DEVICE", "ACTIVE", resume);
            Publish(dialog, resume, agent, "updated");
            State(agent, resume + 30, "TALKING");
            t = resume;
        }

        return t;
    }

    private void HangUp(FinesseDialog dialog, AgentState agent, long at, bool wrapUp, IEnumerable<string>? visible = null)
    {
        foreach (var participant in dialog.Snapshot().Participants)
        {
            var mine = participant.Address == agent.Seat.Extension;
            if (mine || participant.State is "ACTIVE" or "HELD")
            {
                dialog.Set(participant.Address, participant.Type, mine && wrapUp ? "WRAP_UP" : "DROPPED", at);
            }
        }

        dialog.State = "DROPPED";
        Publish(dialog, at, agent, "updated", visible);
        Publish(dialog, at + _random.Between(80, 300), agent, "removed", visible);
        var wrap = wrapUp ? _random.DurationMs(_site.Durations.WrapUpSeconds, PhaseFloor) : 500;
        State(agent, at + 50, wrapUp ? "WORK_READY" : "NOT_READY");
        State(agent, at + wrap, "READY");
        agent.BusyUntil = Math.Max(agent.BusyUntil, at + wrap);
    }

    private long TalkTime(string scenario) => scenario switch
    {
        Scenarios.Short => _random.DurationMs(_site.Durations.ShortTalkSeconds, PhaseFloor, 0.3),
        Scenarios.Long => _random.DurationMs(_site.Durations.LongTalkSeconds, PhaseFloor, 0.3),
        _ => _random.DurationMs(_site.Durations.TalkSeconds, PhaseFloor),
    };

    private string InboundCall(CallContext context, AgentState agent, long ring, string number)
    {
        var dialog = Ring(context, agent, ring, number);
        var answered = ring + _random.DurationMs(_site.Durations.RingSeconds, PhaseFloor / 2, 0.3);
        Answer(dialog, agent, answered);
        var recording = NewRecording(agent, number, CustomerTrunk, context.Style, context.Key, context.Scenario, "customer calling from " + Spoken(number), context.PayloadType);
        var holds = context.Scenario == Scenarios.InboundHold ? _random.Between(1, 2) : 0;
        var end = Talk(dialog, agent, recording, answered, TalkTime(context.Scenario), holds, "talk");
        HangUp(dialog, agent, end, wrapUp: true);
        return dialog.Id;
    }

    private string Outbound(CallContext context, AgentState agent, long start)
    {
        var national = "0" + _random.Pick(["85", "86", "87", "1"]) + _random.Digits(7);
        var dialed = "0" + national;
        var media = new Dictionary<string, string> { ["mediaId"] = "1", ["dialedNumber"] = dialed, ["callType"] = "OUT", ["DNIS"] = string.Empty };
        var dialog = NewDialog("OUT", agent.Seat.Extension, dialed, media);
        State(agent, start - 1_500, "NOT_READY");
        dialog.State = "INITIATING";
        dialog.Set(agent.Seat.Extension, "AGENT_DEVICE", "INITIATING", start);
        Publish(dialog, start, agent, "added");
        dialog.State = "INITIATED";
        dialog.Set(agent.Seat.Extension, "AGENT_DEVICE", "INITIATED", start + 1_200);
        dialog.Set(dialed, string.Empty, "ALERTING", start + 1_200);
        Publish(dialog, start + 1_200, agent, "updated");
        var answered = start + 1_200 + _random.DurationMs(_site.Durations.RingSeconds * 2, PhaseFloor / 2, 0.4);
        Answer(dialog, agent, answered);

        // CUCM's x-farendaddr is what was dialed; CUBE may already have normalised it to E.164.
        var farEnd = _random.Chance(0.3) ? "+353" + national[1..] : dialed;
        var recording = NewRecording(agent, farEnd, OutboundTrunk, context.Style, context.Key, context.Scenario, "customer at " + Spoken(national), context.PayloadType);
        var end = Talk(dialog, agent, recording, answered, TalkTime(context.Scenario), 0, "talk");
        HangUp(dialog, agent, end, wrapUp: false);
        return dialog.Id;
    }

    private string Internal(CallContext context, AgentState caller, AgentState callee, long start)
    {
        var media = new Dictionary<string, string> { ["mediaId"] = "1", ["dialedNumber"] = callee.Seat.Extension, ["callType"] = "AGENT_INSIDE" };
        var dialog = NewDialog("AGENT_INSIDE", caller.Seat.Extension, callee.Seat.Extension, media);
        dialog.State = "INITIATED";
        dialog.Set(caller.Seat.Extension, "AGENT_DEVICE", "INITIATED", start);
        Publish(dialog, start, caller, "added");
        var ring = start + 800;
        dialog.Set(callee.Seat.Extension, "AGENT_DEVICE", "ALERTING", ring);
        dialog.State = "ALERTING";
        Publish(dialog, ring, caller, "updated");
        Publish(dialog, ring, callee, "added");
        var answered = ring + _random.DurationMs(3, PhaseFloor / 2, 0.3);
        dialog.Set(caller.Seat.Extension, "AGENT_DEVICE", "ACTIVE", answered);
        dialog.Set(callee.Seat.Extension, "AGENT_DEVICE", "ACTIVE", answered);
        dialog.State = "ACTIVE";
        Publish(dialog, answered, caller, "updated");
        Publish(dialog, answered, callee, "updated");
        State(caller, answered + 40, "TALKING");
        State(callee, answered + 40, "TALKING");
        var talk = _random.DurationMs(_site.Durations.ConsultSeconds * 2, PhaseFloor);
        var recordCaller = NewRecording(caller, callee.Seat.Extension, callee.Seat.Device, context.Style, context.Key, context.Scenario, "this is " + callee.Identity.DisplayName, context.PayloadType);
        var recordCallee = NewRecording(callee, caller.Seat.Extension, caller.Seat.Device, context.Style, context.Key, context.Scenario, "this is " + caller.Identity.DisplayName, context.PayloadType);
        Segment(recordCaller, answered, answered + talk, dialog, caller, "talk");
        Segment(recordCallee, answered, answered + talk, dialog, callee, "talk");
        var end = answered + talk;
        callee.BusyUntil = end;
        HangUp(dialog, caller, end, wrapUp: false);
        HangUp(dialog, callee, end + 20, wrapUp: false);
        return dialog.Id;
    }

    /// <summary>Consult then transfer or conference, or a blind transfer; with no free second agent, a plain call with a hold.</summary>
    private (IReadOnlyList<string> Dialogs, AgentState? Target) Escalated(CallContext context, AgentState agent, long ring, string number)
    {
        var original = Ring(context, agent, ring, number);
        var answered = ring + _random.DurationMs(_site.Durations.RingSeconds, PhaseFloor / 2, 0.3);
        Answer(original, agent, answered);
        var customerRecording = NewRecording(agent, number, CustomerTrunk, context.Style, context.Key, context.Scenario, "customer calling from " + Spoken(number), context.PayloadType);
        var firstTalk = _random.DurationMs(_site.Durations.TalkSeconds / 2, PhaseFloor);
        var blind = context.Scenario == Scenarios.BlindTransfer;
        var handOver = answered + firstTalk;
        var target = FreeAgent(handOver + 3_000, agent);
        if (target is null)
        {
            var end = Talk(original, agent, customerRecording, answered, firstTalk * 2, 1, "talk");
            HangUp(original, agent, end, wrapUp: true);
            return ([original.Id], null);
        }

        target.BusyUntil = long.MaxValue / 4; // reserved while this call is built
        Segment(customerRecording, answered, handOver, original, agent, "talk");
        if (blind)
        {
            return ([original.Id], BlindTransfer(context, original, agent, target, handOver, number));
        }

        // Consult: the customer goes on hold, a consult dialog to the target agent starts.
        original.Set(agent.Seat.Extension, "AGENT_DEVICE", "HELD", handOver);
        Publish(original, handOver, agent, "updated");
        State(agent, handOver + 30, "HOLD");
        var consult = NewDialog("CONSULT", agent.Seat.Extension, target.Seat.Extension, new Dictionary<string, string> { ["mediaId"] = "1", ["dialedNumber"] = target.Seat.Extension, ["callType"] = "CONSULT" });
        consult.AssociatedDialogId = original.Id;
        consult.State = "INITIATED";
        consult.Set(agent.Seat.Extension, "AGENT_DEVICE", "INITIATED", handOver + 900);
        Publish(consult, handOver + 900, agent, "added");
        var ringTarget = handOver + 1_600;
        consult.Set(target.Seat.Extension, "AGENT_DEVICE", "ALERTING", ringTarget);
        consult.State = "ALERTING";
        Publish(consult, ringTarget, agent, "updated");
        Publish(consult, ringTarget, target, "added");
        var consultAnswered = ringTarget + _random.DurationMs(3, PhaseFloor / 2, 0.3);
        consult.Set(agent.Seat.Extension, "AGENT_DEVICE", "ACTIVE", consultAnswered);
        consult.Set(target.Seat.Extension, "AGENT_DEVICE", "ACTIVE", consultAnswered);
        consult.State = "ACTIVE";
        Publish(consult, consultAnswered, agent, "updated");
        Publish(consult, consultAnswered, target, "updated");
        State(agent, consultAnswered + 30, "TALKING");
        State(target, consultAnswered + 30, "TALKING");
        var complete = consultAnswered + _random.DurationMs(_site.Durations.ConsultSeconds, PhaseFloor);
        var agentConsult = NewRecording(agent, target.Seat.Extension, target.Seat.Device, context.Style, context.Key, context.Scenario, "this is " + target.Identity.DisplayName, context.PayloadType);
        var targetConsult = NewRecording(target, agent.Seat.Extension, agent.Seat.Device, context.Style, context.Key, context.Scenario, "this is " + agent.Identity.DisplayName, context.PayloadType);
        Segment(agentConsult, consultAnswered, complete, consult, agent, "consult");
        Segment(targetConsult, consultAnswered, complete, consult, target, "consult");

        // The consult dialog ends for both agents; the original survives with secondaryId = the consult.
        consult.Set(agent.Seat.Extension, "AGENT_DEVICE", "DROPPED", complete);
        consult.Set(target.Seat.Extension, "AGENT_DEVICE", "DROPPED", complete);
        consult.State = "DROPPED";
        Publish(consult, complete, agent, "removed");
        Publish(consult, complete + 20, target, "removed");
        original.SecondaryId = consult.Id;
        var customer = original.From;
        var rest = _random.DurationMs(_site.Durations.TalkSeconds / 2, PhaseFloor);
        if (context.Scenario == Scenarios.ConsultTransfer)
        {
            original.Set(agent.Seat.Extension, "AGENT_DEVICE", "DROPPED", complete);
            Publish(original, complete, agent, "updated");
            Publish(original, complete + 150, agent, "removed");
            State(agent, complete + 60, "WORK_READY");
            var wrap = _random.DurationMs(_site.Durations.WrapUpSeconds, PhaseFloor);
            State(agent, complete + wrap, "READY");
            agent.BusyUntil = complete + wrap;

            original.Media["callType"] = "TRANSFER";
            original.Start(target.Seat.Extension, "AGENT_DEVICE", "ACTIVE", consultAnswered, complete);
            Publish(original, complete + 120, target, "added", [target.Seat.Extension, customer]);
            var afterTransfer = NewRecording(target, number, CustomerTrunk, context.Style, context.Key, context.Scenario, "customer calling from " + Spoken(number), context.PayloadType);
            target.BusyUntil = 0;
            var end = Talk(original, target, afterTransfer, complete, rest, 0, "transferred");
            HangUp(original, target, end, wrapUp: true, [target.Seat.Extension, customer]);
            return ([original.Id, consult.Id], target);
        }

        // Conference: the agent retrieves the customer into a bridge with the target; then leaves; the target finishes.
        const string bridge = "b00105401001";
        original.Set(agent.Seat.Extension, "AGENT_DEVICE", "ACTIVE", complete);
        original.Start(target.Seat.Extension, "AGENT_DEVICE", "ACTIVE", consultAnswered, complete);
        original.Media["callType"] = "CONFERENCE";
        Publish(original, complete, agent, "updated");
        Publish(original, complete + 120, target, "added");
        var leave = complete + _random.DurationMs(_site.Durations.ConsultSeconds, PhaseFloor);
        var agentBridge = NewRecording(agent, bridge, "CFB_2", context.Style, context.Key, context.Scenario, "conference bridge", context.PayloadType);
        var targetBridge = NewRecording(target, bridge, "CFB_2", context.Style, context.Key, context.Scenario, "conference bridge", context.PayloadType);
        Segment(agentBridge, complete, leave, original, agent, "conference");
        original.Set(agent.Seat.Extension, "AGENT_DEVICE", "DROPPED", leave);
        Publish(original, leave, agent, "updated");
        Publish(original, leave + 150, agent, "removed");
        Publish(original, leave + 10, target, "updated");
        State(agent, leave + 60, "WORK_READY");
        var agentWrap = _random.DurationMs(_site.Durations.WrapUpSeconds, PhaseFloor);
        State(agent, leave + agentWrap, "READY");
        agent.BusyUntil = leave + agentWrap;
        var targetEnd = leave + Math.Max(PhaseFloor, rest);
        Segment(targetBridge, complete, targetEnd, original, target, "conference");
        target.BusyUntil = 0;
        HangUp(original, target, targetEnd, wrapUp: true);
        return ([original.Id, consult.Id], target);
    }

    private AgentState BlindTransfer(CallContext context, FinesseDialog original, AgentState agent, AgentState target, long at, string number)
    {
        var customer = original.From;
        original.Set(agent.Seat.Extension, "AGENT_DEVICE", "DROPPED", at);
        Publish(original, at, agent, "updated");
        Publish(original, at + 150, agent, "removed");
        State(agent, at + 60, "WORK_READY");
        var wrap = _random.DurationMs(_site.Durations.WrapUpSeconds, PhaseFloor);
        State(agent, at + wrap, "READY");
        agent.BusyUntil = at + wrap;

        // Single-step transfer: the same call (dialog id) rings the target.
        var ring = at + 700;
        original.Media["callType"] = "TRANSFER";
        original.State = "ALERTING";
        original.Start(target.Seat.Extension, "AGENT_DEVICE", "ALERTING", ring, ring);
        State(target, ring - 60, "RESERVED");
        Publish(original, ring, target, "added", [target.Seat.Extension, customer]);
        var answered = ring + _random.DurationMs(_site.Durations.RingSeconds, PhaseFloor / 2, 0.3);
        original.Set(target.Seat.Extension, "AGENT_DEVICE", "ACTIVE", answered);
        original.State = "ACTIVE";
        Publish(original, answered, target, "updated", [target.Seat.Extension, customer]);
        State(target, answered + 40, "TALKING");
        var recording = NewRecording(target, number, CustomerTrunk, context.Style, context.Key, context.Scenario, "customer calling from " + Spoken(number), context.PayloadType);
        target.BusyUntil = 0;
        var end = Talk(original, target, recording, answered, _random.DurationMs(_site.Durations.TalkSeconds / 2, PhaseFloor), 0, "transferred");
        HangUp(original, target, end, wrapUp: true, [target.Seat.Extension, customer]);
        return target;
    }
}
