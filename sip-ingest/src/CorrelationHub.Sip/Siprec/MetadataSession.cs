namespace CorrelationHub.Sip.Siprec;

/// <summary>A communication session (RFC 7865 §6.3): <c>session@session_id</c> (Acme/AudioCodes: <c>@id</c>).</summary>
public sealed record MetadataSession(string Id)
{
    /// <summary>The CS's RFC 7989 Session-ID pair (<c>sipSessionID</c>); CUBE ends its local part with the CUCM CI.</summary>
    public string? SipSessionId { get; init; }

    public string? GroupRef { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    /// <summary><c>end-time</c>, or <c>stop-time</c> as some SRCs write it.</summary>
    public DateTimeOffset? EndTime { get; init; }
}
