using CorrelationHub.Sip.Siprec;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>Why a recording dialog ended.</summary>
public enum LegEndReason
{
    /// <summary>The client sent BYE (with its Reason cause, if any).</summary>
    Bye,

    /// <summary>No ACK for our 200 OK within 64·T1 (RFC 3261 §13.3.1.4); we sent BYE.</summary>
    NoAck,

    /// <summary>A CANCEL won before the 200 OK was sent (RFC 3261 §9.2).</summary>
    Cancelled,

    /// <summary>The session timer ran out without a refresh (RFC 4028 §10); we sent BYE.</summary>
    SessionExpired,

    /// <summary>No RTP for the configured time on a stream that should carry media; we sent BYE.</summary>
    RtpTimeout,

    /// <summary>A refresh or BYE of ours got 481/408: the client no longer knows the dialog (RFC 3261 §12.2.1.2).</summary>
    DialogLost,

    /// <summary>The recorder is stopping; we sent BYE.</summary>
    Shutdown,
}

/// <summary>How a leg ended: the reason, the client's Q.850 cause and Reason header, and final SIPREC metadata from a BYE body.</summary>
public sealed record LegEnd(LegEndReason Reason, DateTimeOffset At)
{
    public int? Q850Cause { get; init; }

    public string? ReasonHeader { get; init; }

    public MetadataParseResult? Metadata { get; init; }

    public string? RawMetadata { get; init; }

    /// <summary>The short token recorded in facts: <c>bye</c>, <c>no-ack</c>, <c>cancelled</c>, <c>session-expired</c>, ...</summary>
    public string Token => Reason switch
    {
        LegEndReason.Bye => "bye",
        LegEndReason.NoAck => "no-ack",
        LegEndReason.Cancelled => "cancelled",
        LegEndReason.SessionExpired => "session-expired",
        LegEndReason.RtpTimeout => "rtp-timeout",
        LegEndReason.DialogLost => "dialog-lost",
        _ => "shutdown",
    };
}

/// <summary>What the reaper needs to know about a leg's media.</summary>
public readonly record struct LegActivity(long MediaPackets, bool ExpectsMedia);
