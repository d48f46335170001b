using System.Text;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>Finds the SDP in a request body: the whole body for application/sdp, or the SDP part of a multipart/mixed body.</summary>
internal static class SdpBodyReader
{
    public static string? FindSdp(SipMessage message)
    {
        var contentType = message.ContentType ?? "application/sdp";
        var body = Encoding.UTF8.GetString(message.Body.Span);
        if (contentType.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        if (!contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parameters = SipParameters.Parse(contentType.AsSpan(contentType.IndexOf(';', StringComparison.Ordinal) + 1));
        var boundary = parameters.Get("boundary");
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        boundary = boundary.Trim('"');
        foreach (var part in body.Split("--" + boundary, StringSplitOptions.None))
        {
            var separator = part.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? (crlf, 4) : (part.IndexOf("\n\n", StringComparison.Ordinal), 2);
            if (separator.Item1 < 0)
            {
                continue;
            }

            var headers = part[..separator.Item1];
            if (headers.Contains("application/sdp", StringComparison.OrdinalIgnoreCase))
            {
                return part[(separator.Item1 + separator.Item2)..];
            }
        }

        return null;
    }
}
