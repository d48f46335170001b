using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CorrelationHub.Simulator.Site;

/// <summary>
/// A contact-center site as the simulator plays it: agents, the call mix of one day, the recording set-up and the
/// faults of a real site. Read from JSON (camelCase); every section has defaults so a site file states only what differs.
/// </summary>
public sealed class SiteDescription
{
    public string Name { get; set; } = "site";

    /// <summary>Seed of every random choice: the same site and seed give the same day.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Length of the simulated day.</summary>
    public double DayHours { get; set; } = 8;

    /// <summary>Customer-facing calls in the day (each consult, transfer or conference counts once, with its base call).</summary>
    public int Calls { get; set; } = 100;

    public AgentSection Agents { get; set; } = new();

    public CallMix Mix { get; set; } = new();

    public DurationSection Durations { get; set; } = new();

    public RecordingSection Recording { get; set; } = new();

    public GadgetSection Gadget { get; set; } = new();

    public FaultSection Faults { get; set; } = new();

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public sealed class AgentSection
{
    /// <summary>Agents generated when <see cref="List"/> is empty.</summary>
    public int Count { get; set; } = 20;

    /// <summary>First agent extension; the others follow.</summary>
    public int ExtensionStart { get; set; } = 61001;

    /// <summary>Free desk extensions that Extension Mobility moves go to.</summary>
    public int SpareExtensionStart { get; set; } = 69001;

    public int AgentsPerTeam { get; set; } = 12;

    /// <summary>Agents given explicitly (username, names, extension); the rest are generated.</summary>
    public List<AgentEntry> List { get; set; } = [];
}

public sealed class AgentEntry
{
    public string Username { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string Extension { get; set; } = "";
}

/// <summary>Relative weights of the scenario types of one day.</summary>
public sealed class CallMix
{
    public double Inbound { get; set; } = 40;

    public double InboundHold { get; set; } = 12;

    public double Outbound { get; set; } = 12;

    public double Internal { get; set; } = 6;

    public double ConsultTransfer { get; set; } = 8;

    public double ConsultConference { get; set; } = 5;

    public double BlindTransfer { get; set; } = 5;

    public double Short { get; set; } = 8;

    public double Long { get; set; } = 4;

    /// <summary>Share of inbound calls from a number that already called today (half of them reach the same agent).</summary>
    public double RepeatCallerShare { get; set; } = 0.12;

    /// <summary>Extension Mobility moves in the day: an agent logs out and in again on a spare desk.</summary>
    public int ExtensionMobilityMoves { get; set; } = 4;
}

/// <summary>Median durations in simulated seconds (each sampled log-normally around its median).</summary>
public sealed class DurationSection
{
    public double RingSeconds { get; set; } = 5;

    public double TalkSeconds { get; set; } = 240;

    public double HoldSeconds { get; set; } = 35;

    public double ConsultSeconds { get; set; } = 45;

    public double WrapUpSeconds { get; set; } = 25;

    public double ShortTalkSeconds { get; set; } = 6;

    public double LongTalkSeconds { get; set; } = 1500;

    /// <summary>No phase is shorter than this once played (wall milliseconds): at speed K a phase lasts at least K times this in simulated time.</summary>
    public int MinPhaseWallMs { get; set; } = 1500;

    /// <summary>Idle time between an agent's calls is never shorter than this once played (wall milliseconds).</summary>
    public int MinGapWallMs { get; set; } = 2500;
}

public sealed class RecordingSection
{
    /// <summary>Share of simple inbound/outbound calls recorded by CUBE SIPREC instead of CUCM Built-in-Bridge.</summary>
    public double SiprecShare { get; set; } = 0.1;

    /// <summary>Share of CUCM-recorded calls that arrive through a CUBE media proxy as early-offer SRTP (story D). 0 switches SRTP off.</summary>
    public double SrtpShare { get; set; }

    /// <summary>Share of CUCM legs sent over UDP (the rest over TCP, as a CUCM SIP trunk usually is).</summary>
    public double UdpShare { get; set; } = 0.25;

    /// <summary>Milliseconds from the agent connecting to the recording INVITE (phone fork set-up), median; never scaled.</summary>
    public int ForkLatencyMs { get; set; } = 250;

    /// <summary>Send RTP with speech on every leg. Off sends signalling only (faster, but no audio to check).</summary>
    public bool Media { get; set; } = true;

    /// <summary>Share of inbound callers whose number Finesse shows in national form (0…) while the SIP leg has E.164.</summary>
    public double NationalFormShare { get; set; } = 0.2;
}

public sealed class GadgetSection
{
    /// <summary>Share of agents whose gadget uses the HTTP fallback (behind the Finesse proxy) instead of the SignalR hub.</summary>
    public double HttpFallbackShare { get; set; } = 0.2;

    /// <summary>Median Finesse-to-gadget-to-backend delivery delay in milliseconds; never scaled.</summary>
    public int DeliveryLatencyMs { get; set; } = 120;

    /// <summary>Finesse server clock minus the recorder's clock (both NTP-synchronised), milliseconds.</summary>
    public int FinesseClockOffsetMs { get; set; } = 40;
}

/// <summary>Shares of the faults of a real site.</summary>
public sealed class FaultSection
{
    /// <summary>Gadget events delivered late (a browser stall or a reconnect), by 2–20 s.</summary>
    public double EventDelayed { get; set; } = 0.03;

    /// <summary>Gadget dialog updates never delivered.</summary>
    public double EventLost { get; set; } = 0.01;

    /// <summary>Gadget events delivered twice with the same eventId.</summary>
    public double EventDuplicated { get; set; } = 0.02;

    /// <summary>Share of agents whose PC clock is off (by 5 s to 3 min); their events say so in clientDriftMs.</summary>
    public double GadgetClockOff { get; set; } = 0.15;

    /// <summary>Recording segments where CUCM's BYE on one leg never arrives.</summary>
    public double LostBye { get; set; } = 0.005;

    /// <summary>Recording segments where only the near-end leg arrives.</summary>
    public double MissingLeg { get; set; } = 0.005;
}
