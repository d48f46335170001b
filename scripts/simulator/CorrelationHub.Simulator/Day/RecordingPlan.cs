namespace CorrelationHub.Simulator.Day;

public enum RecordingStyle
{
    /// <summary>CUCM Built-in-Bridge: two delayed-offer legs per segment, x-parameters in the From URI.</summary>
    Cucm,

    /// <summary>CUBE SIPREC: one multipart early offer with two labelled streams and RFC 7865 metadata.</summary>
    Siprec,

    /// <summary>CUBE media proxy to a secure recorder: CUCM's two legs re-sent as early-offer RTP/SAVP with a=crypto (story D).</summary>
    MediaProxySrtp,
}

/// <summary>
/// One recorded call as the recorder will see it: for CUCM one x-refci on one agent extension (several segments when
/// the agent holds), for SIPREC one recording session.
/// </summary>
public sealed record RecordingPlan
{
    public required string Key { get; init; }

    public required RecordingStyle Style { get; init; }

    public required string Refci { get; init; }

    public required string FarEndRefci { get; init; }

    public required Seat Seat { get; init; }

    public required AgentIdentity Agent { get; init; }

    /// <summary>The far end as CUCM/CUBE puts it in x-farendaddr (or the SIPREC participant).</summary>
    public required string FarEndAddress { get; init; }

    public required string FarEndDevice { get; init; }

    public required bool Udp { get; init; }

    /// <summary>G.711 flavour the phone sends: 0 PCMU or 8 PCMA.</summary>
    public required int PayloadType { get; init; }

    public required string CallKey { get; init; }

    public required string Scenario { get; init; }

    /// <summary>What the far party says (a customer's number, or the other agent's name).</summary>
    public required string FarSpeech { get; init; }

    public List<SegmentPlan> Segments { get; } = [];
}

/// <summary>One segment (a pair of legs between holds, or a SIPREC session) and the dialog it truly belongs to.</summary>
public sealed record SegmentPlan
{
    public required int Index { get; init; }

    public required long StartSim { get; init; }

    public required long EndSim { get; init; }

    /// <summary>Real milliseconds between the agent connecting and the INVITE (never scaled).</summary>
    public required int InviteDelayMs { get; init; }

    /// <summary>Real milliseconds between the hold/hang-up and the BYE.</summary>
    public required int ByeDelayMs { get; init; }

    public required string? DialogId { get; init; }

    public required string? Username { get; init; }

    /// <summary>talk, consult, transferred, conference.</summary>
    public required string Phase { get; init; }

    public bool LostBye { get; init; }

    public bool MissingFarLeg { get; init; }
}
