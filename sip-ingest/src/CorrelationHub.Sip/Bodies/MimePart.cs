using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Bodies;

/// <summary>One body part of a multipart body: its own headers and its content bytes.</summary>
public sealed class MimePart
{
    public MimePart(SipHeaders headers, ReadOnlyMemory<byte> content)
    {
        Headers = headers;
        Content = content;
        ContentType = MediaType.TryParse(headers.Get(HeaderNames.ContentType), out var type) ? type : null;
        Disposition = ContentDisposition.TryParse(headers.Get(HeaderNames.ContentDisposition), out var disposition) ? disposition : null;
    }

    public SipHeaders Headers { get; }

    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Null when the part has no (readable) Content-Type.</summary>
    public MediaType? ContentType { get; }

    public ContentDisposition? Disposition { get; }

    /// <summary>RFC 5621 §9: a part is required unless it says <c>handling=optional</c>.</summary>
    public bool IsRequired => Disposition?.IsRequired ?? true;
}
