namespace CorrelationHub.Sip.Siprec;

/// <summary>A media stream (RFC 7865 §6.6): its id, and the SDP <c>a=label</c> that ties it to an m-line.</summary>
public sealed record MetadataStream(string Id)
{
    public string? Label { get; init; }

    public string? SessionId { get; init; }

    /// <summary><c>separate</c> or <c>mixed</c> (Acme, BroadWorks).</summary>
    public string? Mode { get; init; }
}
