using System.Globalization;
using System.Text;

namespace CorrelationHub.Sip.Messages;

/// <summary>Serialises a message with CRLF line ends and a Content-Length that always matches the body.</summary>
public static class SipMessageWriter
{
    public static byte[] ToBytes(SipMessage message)
    {
        var builder = new StringBuilder(512);
        switch (message)
        {
            case SipRequest request:
                builder.Append(request.Method).Append(' ').Append(request.RequestUri).Append(' ').Append(request.Version).Append("\r\n");
                break;
            case SipResponse response:
                builder.Append(response.Version).Append(' ').Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
                break;
        }

        foreach (var header in message.Headers)
        {
            if (header.Name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            builder.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        builder.Append("Content-Length: ").Append(message.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var head = Encoding.UTF8.GetBytes(builder.ToString());
        if (message.Body.IsEmpty)
        {
            return head;
        }

        var bytes = new byte[head.Length + message.Body.Length];
        head.CopyTo(bytes, 0);
        message.Body.Span.CopyTo(bytes.AsSpan(head.Length));
        return bytes;
    }
}
