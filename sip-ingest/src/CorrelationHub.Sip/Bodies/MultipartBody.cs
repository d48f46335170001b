namespace CorrelationHub.Sip.Bodies;

/// <summary>A parsed multipart body (RFC 2046 §5.1) and what had to be forgiven to read it.</summary>
public sealed record MultipartBody(IReadOnlyList<MimePart> Parts, string Boundary)
{
    /// <summary>The closing <c>--boundary--</c> was missing (a CUBE sample ends with a blank line instead).</summary>
    public bool MissingCloseDelimiter { get; init; }

    /// <summary>The boundary parameter was absent or did not occur; the boundary was taken from the first delimiter line.</summary>
    public bool BoundaryRecovered { get; init; }
}
