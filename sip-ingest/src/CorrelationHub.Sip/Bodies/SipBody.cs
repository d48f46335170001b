namespace CorrelationHub.Sip.Bodies;

/// <summary>What a request body carries for a recorder: an SDP, SIPREC metadata, both or neither.</summary>
public sealed record SipBody
{
    public static SipBody Empty { get; } = new();

    /// <summary>The SDP text (the whole body, or the <c>application/sdp</c> part).</summary>
    public string? Sdp { get; init; }

    /// <summary>The RFC 7865 metadata XML (<c>application/rs-metadata+xml</c> or <c>application/rs-metadata</c>).</summary>
    public string? Metadata { get; init; }

    /// <summary>The SRC asks for a metadata snapshot (<c>application/rs-metadata-request</c>, RFC 7866 §9).</summary>
    public bool MetadataRequest { get; init; }

    /// <summary>Optional parts we did not understand and ignored (for example CUBE's <c>application/gtd</c>).</summary>
    public IReadOnlyList<string> IgnoredParts { get; init; } = [];

    public BodyError Error { get; init; }

    public string? ErrorDetail { get; init; }

    public bool IsValid => Error == BodyError.None;
}
