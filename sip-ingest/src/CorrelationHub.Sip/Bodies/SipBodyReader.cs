using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Bodies;

/// <summary>
/// Finds the SDP and the SIPREC metadata in a request body: a plain <c>application/sdp</c> body, a metadata-only
/// body (BYE or UPDATE from CUBE), or a multipart body in any part order (RFC 7866 §8, docs/interop.md SR-4, PA-5, PA-6).
/// Optional parts that are not understood are ignored; a required one is an error (415).
/// </summary>
public static class SipBodyReader
{
    /// <summary>The body types a recorder accepts, for <c>Accept</c> headers (OPTIONS, 415).</summary>
    public const string AcceptList = "application/sdp, multipart/mixed, application/rs-metadata+xml, application/rs-metadata";

    public static SipBody Read(SipMessage message)
    {
        if (message.Body.IsEmpty)
        {
            return SipBody.Empty;
        }

        var contentType = message.ContentType;
        if (contentType is null)
        {
            // RFC 3261 §20.15 requires Content-Type with a body; accept an SDP that is plainly one.
            var text = Encoding.UTF8.GetString(message.Body.Span);
            return text.TrimStart().StartsWith("v=0", StringComparison.Ordinal)
                ? new SipBody { Sdp = text }
                : new SipBody { Error = BodyError.UnsupportedRequired, ErrorDetail = "body without Content-Type" };
        }

        if (!MediaType.TryParse(contentType, out var type))
        {
            return new SipBody { Error = BodyError.UnsupportedRequired, ErrorDetail = "unreadable Content-Type" };
        }

        if (!type.IsMultipart)
        {
            var disposition = ContentDisposition.TryParse(message.Headers.Get(HeaderNames.ContentDisposition), out var d) ? d : null;
            return ReadSingle(type, message.Body, disposition?.IsRequired ?? true, new SipBody());
        }

        if (!MultipartParser.TryParse(message.Body, type.Parameter("boundary"), out var multipart, out var error))
        {
            return new SipBody { Error = BodyError.Malformed, ErrorDetail = error };
        }

        var body = new SipBody();
        foreach (var part in multipart.Parts)
        {
            if (part.ContentType is null)
            {
                if (part.IsRequired && part.Content.Length > 0)
                {
                    return new SipBody { Error = BodyError.UnsupportedRequired, ErrorDetail = "part without Content-Type" };
                }

                continue;
            }

            body = ReadSingle(part.ContentType, part.Content, part.IsRequired, body);
            if (!body.IsValid)
            {
                return body;
            }
        }

        return body;
    }

    private static SipBody ReadSingle(MediaType type, ReadOnlyMemory<byte> content, bool required, SipBody body)
    {
        if (type.Is("application/sdp"))
        {
            return body.Sdp is null ? body with { Sdp = Encoding.UTF8.GetString(content.Span) } : body;
        }

        if (IsMetadata(type))
        {
            return body.Metadata is null ? body with { Metadata = Encoding.UTF8.GetString(content.Span) } : body;
        }

        if (type.Is("application/rs-metadata-request"))
        {
            return body with { MetadataRequest = true };
        }

        if (!required)
        {
            return body with { IgnoredParts = [.. body.IgnoredParts, type.Essence] };
        }

        return new SipBody { Error = BodyError.UnsupportedRequired, ErrorDetail = type.Essence };
    }

    /// <summary>RFC 7865's <c>application/rs-metadata+xml</c> and the RFC 7866 examples' <c>application/rs-metadata</c>.</summary>
    public static bool IsMetadata(MediaType type) => type.Is("application/rs-metadata+xml") || type.Is("application/rs-metadata");
}
