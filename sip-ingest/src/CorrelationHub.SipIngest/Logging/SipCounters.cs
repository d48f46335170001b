namespace CorrelationHub.SipIngest.Logging;

/// <summary>What the SIP side counts instead of failing: malformed input, retransmissions, handler errors.</summary>
public sealed class SipCounters
{
    public Counter RequestsReceived { get; } = new();

    public Counter MalformedDropped { get; } = new();

    public Counter MalformedAnswered { get; } = new();

    public Counter RetransmissionsAbsorbed { get; } = new();

    public Counter HandlerFailures { get; } = new();

    public Counter InvitesAccepted { get; } = new();

    public Counter InvitesRejected { get; } = new();

    public Counter AckTimeouts { get; } = new();

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>
    {
        ["requestsReceived"] = RequestsReceived.Value,
        ["malformedDropped"] = MalformedDropped.Value,
        ["malformedAnswered"] = MalformedAnswered.Value,
        ["retransmissionsAbsorbed"] = RetransmissionsAbsorbed.Value,
        ["handlerFailures"] = HandlerFailures.Value,
        ["invitesAccepted"] = InvitesAccepted.Value,
        ["invitesRejected"] = InvitesRejected.Value,
        ["ackTimeouts"] = AckTimeouts.Value,
    };
}
